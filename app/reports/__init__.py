"""Files made for people: CSV/XLSX exports and ReportLab PDFs. No Qt here.

``atomic`` writes every file all-or-nothing; ``pdf_common`` holds what all PDFs share (DejaVu
fonts, escaped paragraphs, the A4 page frame with "Page X of Y", tables); ``hours_export`` and
``hours_pdf`` are the Hours capability's exports and reports.
"""
