"""Demo data: three years of a plausible SPRI cluster-liaison programme, for trying ClusterDesk.

``load_demo`` fills an *empty* database with 22 Basque clusters and pre-clusters, 10 SPRI people
(8 liaison officers, 2 coordinators) with their yearly targets and board assignments, quarterly
board meetings with minutes, decisions and action items, time entries for the two previous years
and the current year up to ``today``, action-plan assessments scored with the seeded rubric and
maturity profiles scored with the seeded maturity model.

Everything is written in one transaction: the database gets all of it or none of it (also when the
caller cancels). The content is deterministic for a given ``seed`` and ``today``. People and
companies are fictional; e-mail addresses and websites use ``example`` domains.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import (
    ActionItem,
    AgendaItem,
    AnnualTarget,
    Assessment,
    AssessmentScore,
    AssessmentSectionNote,
    AssessmentTemplate,
    Assignment,
    Cluster,
    Decision,
    MaturityModel,
    MaturityProfile,
    MaturityScore,
    Meeting,
    MeetingAttendee,
    Officer,
    TimeEntry,
)
from app.domain import vocab
from app.domain.progress import prorated_target
from app.errors import KnownError

DemoProgress = Callable[[int, str], None]
"""Called with a percentage (0-100) and a message for the user."""

ALREADY_HAS_DATA = (
    "The database already holds data; demo data can only be loaded into an empty database."
)
CANCELLED = "Loading the demo data was cancelled; nothing was added."

RUBRIC = ("SPRI action-plan assessment", 1)
MATURITY_MODEL = ("SPRI cluster maturity", 1)

DAY_CAP = 8 * 60  # a realistic working day of liaison work, in minutes
OFFICER_DOMAIN = "spri.eus.example"


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind ``load_demo`` added."""

    officers: int
    clusters: int
    assignments: int
    time_entries: int
    meetings: int
    action_items: int
    assessments: int
    maturity_profiles: int


# =========================================================================== public API
def database_has_data(db: Database) -> bool:
    """True when the database holds any officer, cluster, time entry, meeting, assessment or
    maturity profile. The rubric and maturity model seeded by the migrations do not count."""
    with db.read() as s:
        return _has_data(s)


def load_demo(
    db: Database,
    *,
    today: dt.date | None = None,
    progress: DemoProgress | None = None,
    cancelled: Callable[[], bool] | None = None,
    seed: int = 2026,
) -> DemoSummary:
    """Fill an empty database with demo data, in one transaction. Returns what was added.

    Raises ``KnownError`` when the database already holds data, or when ``cancelled()`` returns
    True at one of the checkpoints (in which case nothing is added).
    """
    today = today or dt.date.today()

    def step(percent: int, message: str) -> None:
        if cancelled is not None and cancelled():
            raise KnownError(CANCELLED)
        if progress is not None:
            progress(percent, message)

    with db.write() as s:
        step(0, "Checking that the database is empty…")
        if _has_data(s):
            raise KnownError(ALREADY_HAS_DATA)
        summary = _DemoBuilder(s, today, random.Random(seed), step).build()
        step(97, "Saving the demo data…")
    if progress is not None:
        progress(100, "Demo data loaded.")
    return summary


def _has_data(s: Session) -> bool:
    for entity in (Officer, Cluster, TimeEntry, Meeting, Assessment, MaturityProfile):
        if s.scalar(select(entity.id).limit(1)) is not None:
            return True
    return False


# =========================================================================== static content
@dataclass(frozen=True)
class _ClusterSpec:
    short: str
    name: str
    slug: str  # for the example e-mail and web domains
    sector: str
    city: str
    venue: str  # where the board meets
    contact: str
    members: int
    sme: float
    fte: float
    helix: int
    esca: str
    esca_days: int | None  # label expiry relative to today, in days
    maturity: tuple[int, int, int, int, int, int, int]  # levels two years ago, per dimension
    trades: tuple[str, ...]  # words for fictional member companies
    fair: str
    topics: tuple[str, ...]
    notes: str
    kind: str = "cluster"
    cross_border: bool = False
    declining: bool = False


# fmt: off
_CLUSTERS: tuple[_ClusterSpec, ...] = (
    _ClusterSpec(
        "HEGAN", "HEGAN – Basque Aeronautics and Space Cluster", "hegan", "Aeronautics and space",
        "Zamudio", "HEGAN offices, Bizkaia Science and Technology Park, Zamudio",
        "Itziar Lekue Arana", 62, 71, 6, 3, "gold", 75, (4, 4, 4, 5, 4, 5, 4),
        ("Aeroestructuras", "Composites", "Mecanizados Aeronáuticos"), "the Paris Air Show",
        ("composite aerostructures", "space components", "aero-engine supply chain"),
        "Mature cluster with a strong tier-1 core; works on bringing SMEs into aero-engine and "
        "space programmes. Gold label renewal due soon.",
    ),
    _ClusterSpec(
        "EIKEN", "EIKEN – Basque Audiovisual and Digital Content Cluster", "eiken",
        "Audiovisual and digital content", "Donostia / San Sebastián",
        "EIKEN offices, Miramón Technology Park, Donostia / San Sebastián",
        "Gorka Aranburu Etxeberria", 108, 93, 3.5, 3, "silver", 420, (3, 3, 2, 4, 3, 2, 3),
        ("Ekoizpenak", "Animazioa", "Digital Studio"), "MIPCOM in Cannes",
        ("animation co-productions", "video games", "virtual production"),
        "Many micro-companies; financing depends heavily on public grants. Growing interest in "
        "video games and virtual production.",
    ),
    _ClusterSpec(
        "ACICAE", "ACICAE – Basque Automotive Cluster", "acicae", "Automotive",
        "Vitoria-Gasteiz", "ACICAE offices, Álava Technology Park, Vitoria-Gasteiz",
        "Josu Orbegozo Urkiola", 118, 64, 8, 3, "gold", 510, (4, 5, 4, 5, 4, 5, 4),
        ("Estampaciones", "Automoción", "Components"), "IAA Transportation in Hanover",
        ("electric vehicle components", "battery systems", "lightweight structures"),
        "Large, well-funded cluster facing the shift to electric vehicles; strong in "
        "international projects.",
    ),
    _ClusterSpec(
        "Knowledge Cluster", "Cluster de Conocimiento – Knowledge Cluster", "conocimiento",
        "Knowledge and advanced business services", "Zamudio",
        "Knowledge Cluster offices, Technology Park 101, Zamudio",
        "Edurne Altuna Gaztañaga", 170, 82, 2.5, 3, "bronze", -45, (4, 3, 2, 3, 3, 2, 3),
        ("Consulting", "Management Services", "Business School"), "the EFQM Forum",
        ("innovation in management", "people participation", "learning organisations"),
        "Founded in 1996; network of universities, business schools and consultancies. "
        "International activity limited to SoL and a few exchanges. Bronze label has expired.",
    ),
    _ClusterSpec(
        "ACEDE", "ACEDE – Basque Household Appliances Cluster", "acede", "Household appliances",
        "Arrasate-Mondragón", "ACEDE offices, Arrasate-Mondragón",
        "Aitor Garmendia Lizarralde", 27, 58, 1.5, 2, "bronze", 140, (2, 2, 3, 3, 2, 2, 2),
        ("Electrodomésticos", "Thermal Components", "Plastics"), "IFA in Berlin",
        ("connected appliances", "energy-efficient heating", "eco-design"),
        "Small cluster around a few large manufacturers; exploring smart-home and heat-pump "
        "opportunities. Bronze label expires within six months.",
    ),
    _ClusterSpec(
        "Basque Energy Cluster", "Cluster de Energía – Basque Energy Cluster", "clusterenergia",
        "Energy", "Bilbao", "Basque Energy Cluster offices, Alameda Urquijo, Bilbao",
        "Begoña Txurruka Ezeiza", 182, 61, 9, 3, "gold", 610, (5, 5, 4, 5, 5, 5, 5),
        ("Energía", "Grid Solutions", "Offshore Wind"), "WindEurope",
        ("offshore wind", "green hydrogen", "smart grids"),
        "One of the most mature Basque clusters; leads European projects on offshore wind "
        "and hydrogen.",
    ),
    _ClusterSpec(
        "AFM Cluster", "AFM Cluster – Advanced and Digital Manufacturing", "afm",
        "Machine tool and advanced manufacturing", "Donostia / San Sebastián",
        "AFM Cluster offices, Zuatzu Business Park, Donostia / San Sebastián",
        "Iker Zabala Murua", 236, 86, 10, 3, "gold", 300, (5, 5, 5, 4, 5, 5, 4),
        ("Máquina Herramienta", "Automation", "Precision Tools"), "BIEMH in Bilbao",
        ("additive manufacturing", "digital twins for machine tools", "industrial robotics"),
        "Large machine-tool and advanced manufacturing cluster; organises BIEMH and has a "
        "strong service portfolio.",
    ),
    _ClusterSpec(
        "ACLIMA", "ACLIMA – Basque Environment Cluster", "aclima",
        "Environment and circular economy", "Bilbao", "ACLIMA offices, Bilbao",
        "Nekane Arregi Alkorta", 104, 76, 4, 3, "silver", 230, (4, 3, 3, 4, 4, 3, 3),
        ("Medio Ambiente", "Recycling", "Water Technologies"), "Pollutec in Lyon",
        ("circular economy", "industrial decarbonisation", "water reuse"),
        "Solid environmental cluster; drives circular-economy projects with other clusters.",
    ),
    _ClusterSpec(
        "Cluster del Papel", "Cluster del Papel – Basque Paper Cluster", "clusterpapel",
        "Pulp and paper", "Tolosa", "Cluster del Papel offices, Tolosa",
        "Mikel Ugarte Aranzabal", 34, 55, 1, 2, "none", None, (2, 2, 3, 2, 2, 1, 2),
        ("Papelera", "Cartonajes", "Paper Machinery"), "Paperworld in Frankfurt",
        ("energy costs", "bio-based packaging", "decarbonisation of drying"),
        "Traditional sector under pressure from energy costs; discussing a renewal strategy "
        "around bio-based packaging.",
        declining=True,
    ),
    _ClusterSpec(
        "GAIA", "GAIA – ICT and Electronics Cluster", "gaia", "ICT and electronics",
        "Donostia / San Sebastián", "GAIA offices, Miramón Technology Park, Donostia",
        "Arantxa Bengoetxea Otaegi", 276, 88, 12, 3, "gold", 480, (5, 4, 4, 4, 4, 4, 4),
        ("Software", "Electronics", "Cybersecurity"), "Mobile World Congress in Barcelona",
        ("cybersecurity", "industrial digitalisation", "artificial intelligence"),
        "Large ICT cluster with the CYBASQUE sub-cluster; active in European digital "
        "innovation hubs.",
    ),
    _ClusterSpec(
        "Foro Marítimo Vasco", "Foro Marítimo Vasco – Basque Maritime Forum", "foromaritimo",
        "Maritime industry and shipbuilding", "Bilbao", "Foro Marítimo Vasco offices, Bilbao",
        "Oier Lasa Iturbe", 142, 78, 4, 3, "silver", 160, (4, 3, 3, 4, 3, 4, 3),
        ("Astilleros", "Naval Engineering", "Marine Equipment"), "SMM in Hamburg",
        ("offshore vessels", "ship electrification", "port decarbonisation"),
        "Shipyards, naval engineering and marine equipment; silver label expires within six "
        "months.",
    ),
    _ClusterSpec(
        "Uniport Bilbao", "Uniport Bilbao – Port of Bilbao Community", "uniportbilbao",
        "Port and logistics services", "Bilbao", "Uniport Bilbao offices, Port of Bilbao, Santurtzi",
        "Garazi Elorza Barrenetxea", 121, 69, 3, 2, "bronze", 380, (3, 3, 4, 3, 3, 3, 2),
        ("Consignatarios", "Logistics", "Stevedoring"), "Transport Logistic in Munich",
        ("port digitalisation", "short-sea shipping", "rail connections"),
        "Port community with a stable membership; needs to show results beyond promotion.",
    ),
    _ClusterSpec(
        "MLC ITS Euskadi", "MLC ITS Euskadi – Mobility and Logistics Cluster", "mlcits",
        "Mobility, logistics and intelligent transport", "Vitoria-Gasteiz",
        "MLC ITS Euskadi offices, Vitoria-Gasteiz", "Ander Azkue Markaida",
        93, 73, 3, 3, "silver", 150, (3, 3, 2, 4, 3, 3, 3),
        ("Transportes", "Mobility Solutions", "Fleet Systems"), "the ITS European Congress",
        ("urban logistics", "connected vehicles", "sustainable mobility"),
        "Mobility and logistics cluster; financing still relies on public funds.",
    ),
    _ClusterSpec(
        "Siderex", "Siderex – Basque Steel Cluster", "siderex", "Steel", "Bilbao",
        "Siderex offices, Bilbao", "Izaskun Otaegi Zubia", 46, 49, 2, 2, "bronze", -120,
        (3, 2, 3, 3, 2, 3, 2), ("Aceros", "Forja", "Steel Service"), "Tube Düsseldorf",
        ("green steel", "scrap quality", "energy-intensive industry"),
        "Steel cluster facing decarbonisation and energy prices; bronze label expired.",
        declining=True,
    ),
    _ClusterSpec(
        "ERAIKUNE", "ERAIKUNE – Basque Construction Cluster", "eraikune", "Construction",
        "Derio", "ERAIKUNE offices, Derio", "Joseba Aranzabal Ibarra", 128, 83, 2.5, 3, "none",
        None, (3, 2, 2, 2, 3, 1, 2), ("Construcciones", "Ingeniería", "Building Systems"),
        "BAU in Munich", ("industrialised construction", "BIM", "energy retrofit"),
        "Construction value chain; strategy process still weak and little international work.",
    ),
    _ClusterSpec(
        "HABIC", "HABIC – Basque Habitat, Wood and Office Cluster", "habic",
        "Habitat, wood and office furniture", "Eibar", "HABIC offices, Eibar",
        "Lorea Iturbe Azkue", 74, 91, 2, 2, "bronze", 560, (3, 2, 2, 3, 3, 3, 2),
        ("Mobiliario", "Wood Products", "Contract Interiors"), "the Salone del Mobile in Milan",
        ("contract furniture", "sustainable wood", "design"),
        "Mostly small furniture and wood companies; good at trade fairs, weak in financing.",
    ),
    _ClusterSpec(
        "Basque Food Cluster", "Basque Food Cluster", "basquefoodcluster", "Food and drink",
        "Vitoria-Gasteiz", "Basque Food Cluster offices, Álava Technology Park, Vitoria-Gasteiz",
        "Asier Oiartzabal Lasa", 126, 84, 5, 3, "silver", 640, (4, 3, 3, 4, 4, 3, 3),
        ("Conservas", "Food Ingredients", "Gourmet"), "Anuga in Cologne",
        ("food digitalisation", "healthy eating", "packaging waste"),
        "Broad food value chain from primary sector to gastronomy; good member participation.",
    ),
    _ClusterSpec(
        "Basque Health Cluster", "Basque Health Cluster", "basquehealthcluster",
        "Health and biosciences", "Donostia / San Sebastián",
        "Basque Health Cluster offices, Miramón, Donostia / San Sebastián",
        "Maite Errasti Goñi", 103, 79, 4, 3, "bronze", 260, (3, 3, 2, 3, 3, 3, 3),
        ("Medical Devices", "Biotech", "Health IT"), "Medica in Düsseldorf",
        ("medical devices regulation", "digital health", "personalised medicine"),
        "Young cluster growing quickly; financing and achievements still developing.",
    ),
    _ClusterSpec(
        "MAFEX", "MAFEX – Railway Industry Cluster", "mafex", "Railway industry", "Bilbao",
        "MAFEX offices, Bilbao", "Carlos Ruiz de Azúa Pérez", 98, 61, 5, 2, "silver", 700,
        (3, 4, 4, 4, 3, 5, 4), ("Ferroviaria", "Rail Signalling", "Rolling Stock"),
        "InnoTrans in Berlin", ("rail signalling", "rolling stock", "railway decarbonisation"),
        "Railway industry association with a very strong export focus.",
    ),
    _ClusterSpec(
        "ADDITIVALLEY", "ADDITIVALLEY – Cross-border Additive Manufacturing Cluster",
        "additivalley", "Additive manufacturing", "Eibar", "ADDITIVALLEY offices, Eibar", "Elena Martínez de Lagos Ugarte",
        29, 76, 0.5, 3, "none", None, (2, 1, 1, 2, 2, 3, 1),
        ("Additive", "3D Printing", "Powder Metallurgy"), "Formnext in Frankfurt",
        ("metal additive manufacturing", "qualification of printed parts", "post-processing"),
        "Klusteuro cross-border pre-cluster (New Aquitaine, Basque Country, Navarre); "
        "financed through Interreg POCTEFA projects.",
        kind="pre-cluster",
        cross_border=True,
    ),
    _ClusterSpec(
        "BigDatia", "BigDatia – Cross-border AI and Big Data Cluster", "bigdatia",
        "Artificial intelligence and big data", "Donostia / San Sebastián",
        "BigDatia offices, Miramón Technology Park, Donostia / San Sebastián",
        "Patxi Irazabal Arruti", 23, 83, 0.5, 2, "none", None, (2, 1, 1, 2, 2, 3, 1),
        ("Data Analytics", "AI Solutions", "Data Engineering"), "the AI & Big Data Expo",
        ("industrial artificial intelligence", "data spaces", "machine vision"),
        "Klusteuro cross-border pre-cluster; small, enthusiastic membership, no stable funding.",
        kind="pre-cluster",
        cross_border=True,
    ),
    _ClusterSpec(
        "Creative Industries", "Basque Cultural and Creative Industries Pre-cluster",
        "creativeindustries", "Cultural and creative industries", "Bilbao",
        "Bilbao Bizkaia Harbour offices, Bilbao", "Uxue Lizarralde Sáenz de Ugarte",
        41, 96, 1, 1, "none", None, (2, 1, 1, 2, 2, 1, 2),
        ("Design Studio", "Sorkuntza", "Creative Lab"), "Design Week Milan",
        ("design-driven innovation", "cultural tourism", "creative digital services"),
        "Pre-cluster of very small creative companies; only company members so far.",
        kind="pre-cluster",
    ),
)


@dataclass(frozen=True)
class _OfficerSpec:
    name: str
    role: str
    start: tuple[int, int, int]  # (years before the current one, month, day)
    notes: str
    wg: str  # the SPRI working group the officer takes part in


_OFFICERS: tuple[_OfficerSpec, ...] = (
    _OfficerSpec(
        "Ane Etxeberria Goñi", "officer", (9, 3, 1),
        "Industrial engineer; liaison for transport-equipment clusters.", "Competitive Intelligence",
    ),
    _OfficerSpec(
        "Iñaki Agirre Lasa", "officer", (7, 9, 15),
        "Energy and heavy industry. Asked for a higher target this year (120 h) to support the "
        "Siderex renewal plan.", "Evaluation",
    ),
    _OfficerSpec(
        "Miren Zubizarreta Aldalur", "officer", (6, 1, 10),
        "Digital economy and creative industries; also follows the BigDatia pre-cluster.",
        "Talent",
    ),
    _OfficerSpec(
        "Jon Arrieta Olaizola", "officer", (5, 4, 1),
        "Manufacturing; handed ADDITIVALLEY over to Unai Larrañaga mid last year.",
        "Competitive Intelligence",
    ),
    _OfficerSpec(
        "Nerea Goikoetxea Ibarra", "officer", (4, 2, 1),
        "Maritime and port community; took over the creative industries pre-cluster.",
        "Evaluation",
    ),
    _OfficerSpec(
        "Unai Larrañaga Elustondo", "officer", (3, 10, 1),
        "Environment and materials; liaison for ADDITIVALLEY since mid last year.", "Talent",
    ),
    _OfficerSpec(
        "Koldo Mendizabal Urkiza", "officer", (12, 6, 1),
        "Left SPRI at the end of last year; his clusters were covered by Amaia Uriarte until "
        "Leire Ibarguren joined.", "Evaluation",
    ),
    _OfficerSpec(
        "Leire Ibarguren Sarasola", "officer", (0, 5, 1),
        "Joined this year; target pro-rated from her starting date.", "Competitive Intelligence",
    ),
    _OfficerSpec(
        "Amaia Uriarte Bilbao", "coordinator", (10, 1, 15),
        "Coordination team. Also SPRI's liaison on the Basque Food Cluster board; covered "
        "Koldo Mendizabal's clusters at the start of the year.", "Evaluation",
    ),
    _OfficerSpec(
        "Xabier Olabarria Etxaniz", "coordinator", (8, 5, 2),
        "Coordination team: hours reporting, Basque Cluster Day, working groups. Liaison for "
        "MLC ITS Euskadi.", "Competitive Intelligence",
    ),
)

# Indexes into _OFFICERS
_LEAVER, _NEWCOMER, _COORD_A, _COORD_B = 6, 7, 8, 9
_HIGH_TARGET = 1  # 120 h this year

# Initial liaison of every cluster (index into _OFFICERS), in _CLUSTERS order.
_INITIAL_LIAISON = (0, 2, 0, 6, 6, 1, 3, 5, 5, 2, 4, 4, 9, 1, 1, 3, 8, 6, 0, 3, 2, 9)

# Share of the year-to-date target each officer has logged (the current year).
_PACE = {0: 1.04, 1: 0.76, 2: 0.88, 3: 1.18, 4: 0.97, 5: 0.70, 7: 0.95, 8: 1.1, 9: 1.15}

_FIRST_NAMES = (
    "Aitor", "Ainhoa", "Alberto", "Amaia", "Ander", "Andoni", "Arantza", "Asier", "Beñat",
    "Begoña", "Carmen", "Eneko", "Edurne", "Elena", "Gorka", "Idoia", "Igor", "Ibon", "Irati",
    "Itziar", "Izaskun", "Javier", "Josu", "Joseba", "Julen", "Karmele", "Kepa", "Laura",
    "Lorea", "Maialen", "Maite", "Mikel", "Naiara", "Nekane", "Oihane", "Oier", "Pilar",
    "Ramón", "Rosa", "Sergio", "Txomin", "Xabier", "Yolanda", "Zuriñe",
)
_SURNAMES = (
    "Agirregabiria", "Alkorta", "Altuna", "Aranburu", "Aranzabal", "Arregi", "Arruti", "Azkue",
    "Barrenetxea", "Bengoetxea", "Elorza", "Errasti", "Etxaniz", "Ezeiza", "Garmendia",
    "Gaztañaga", "Goñi", "Ibarra", "Irazabal", "Iturbe", "Izagirre", "Lasa", "Lekue",
    "Lizarralde", "Markaida", "Murua", "Oiartzabal", "Olaizola", "Orbegozo", "Otaegi", "Ugarte",
    "Urkiola", "Zabala", "Zubia", "Fernández", "García", "López", "Martínez", "Pérez", "Sánchez",
)
_COMPANY_ROOTS = (
    "Urola", "Aralar", "Gorbeia", "Anboto", "Txindoki", "Deba", "Nerbioi", "Oria", "Ibaizabal",
    "Zadorra", "Aizkorri", "Jaizkibel", "Urdaibai", "Larrun", "Ernio", "Izarraitz", "Bidasoa",
    "Artxanda", "Kadagua", "Arratia", "Butroe", "Udalaitz", "Karakate", "Hernio",
)
_LEGAL_FORMS = ("S.A.", "S.L.", "S.Coop.")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_COUNTRIES = (
    "Mexico", "India", "the United States", "Germany", "Japan", "Brazil", "Morocco", "Canada",
    "Chile", "South Korea", "Poland", "Vietnam",
)
_PROGRAMMES = ("Horizon Europe", "Interreg Sudoe", "Digital Europe", "LIFE", "Erasmus+")
_SERVICES = (
    "the technology watch bulletin", "the training catalogue", "the legal helpdesk",
    "the international tenders service", "the funding advisory service",
)
_FEE_CHANGES = (
    "fees frozen at this year's levels",
    "a 2% increase",
    "a 3% increase with a reduced fee for start-ups",
)
_SPRI_TOPICS = (
    "review of hours against the annual minimum",
    "assessment calendar and rubric questions",
    "Basque Cluster Day preparation",
    "ESCA labelling support for clusters",
    "working-group topics for clusters at different maturity levels",
    "User's Voice survey questionnaire",
    "Shared Comparative Performance Scoreboard indicators",
    "report to the Department of Economic Development",
    "convergence and alliances between clusters",
)
_WG_TOPICS = {
    "Competitive Intelligence": (
        "technology watch tools",
        "sharing watch bulletins between clusters",
        "patent analytics",
    ),
    "Evaluation": (
        "indicators of the shared scoreboard",
        "User's Voice survey results",
        "impact evaluation methods",
    ),
    "Talent": (
        "dual vocational training",
        "attracting international talent",
        "STEM vocations",
    ),
}
_CLUSTER_DAY_VENUES = (
    "Bizkaia Aretoa, Bilbao",
    "Kursaal, Donostia / San Sebastián",
    "Palacio Europa, Vitoria-Gasteiz",
)

# fmt: on

# --------------------------------------------------------------------------- meeting content
# An agenda topic: title, notes (one is chosen), decisions (optional), actions (text, owner).
_Topic = tuple[str, tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]

_TOPICS: dict[str, _Topic] = {
    "minutes": (
        "Approval of the minutes of the previous meeting",
        (
            "Minutes of the meeting of {prev} approved without changes.",
            "Minutes of {prev} approved after correcting the list of apologies.",
        ),
        ("The minutes of the meeting of {prev} are approved.",),
        (),
    ),
    "accounts": (
        "Closing of the {py} accounts",
        (
            "The treasurer presented the {py} accounts: income of €{income}k, {private}% from "
            "member fees and paid services, and a surplus of €{surplus}k. The audit is "
            "scheduled for April.",
            "{py} closed with income of €{income}k; the private share rose to {private}%. "
            "SPRI's liaison reminded the board that the grant justification is due by 31 March.",
        ),
        ("The board approves the {py} accounts and submits them to the General Assembly.",),
        (("Send the audited {py} accounts and the grant justification to SPRI", "treasurer"),),
    ),
    "action_plan": (
        "{y} action plan: version for SPRI",
        (
            "The manager summarised the {y} action plan: {n_actions} actions in "
            "internationalisation, technological innovation, business innovation and talent, "
            "with a budget of €{budget}k. SPRI's liaison asked for baselines and targets on the "
            "internationalisation KPIs.",
            "Second reading of the {y} action plan. Members asked for more actions aimed at "
            "SMEs; the manager will add a pilot on {topic}. SPRI's liaison recalled the "
            "alignment with the RIS3 Euskadi priorities.",
        ),
        ("The board approves the {y} action plan and its budget of €{budget}k.",),
        (
            ("Submit the {y} action plan to SPRI with KPIs, baselines and targets", "manager"),
            ("Send written comments on the KPIs of the {y} action plan", "officer"),
        ),
    ),
    "membership": (
        "Membership: new applications",
        (
            "{k} applications received, {smes} of them from SMEs. A technology centre asked to "
            "join as a knowledge member.",
            "{k} new applications and one withdrawal (a member absorbed by a larger group). "
            "Membership now stands at {members}.",
        ),
        ("The board admits {k} new members.",),
        (("Welcome the new members and schedule an onboarding call", "manager"),),
    ),
    "international": (
        "Internationalisation: trade missions and fairs",
        (
            "Calendar reviewed: joint stand at {fair} and a trade mission to {country} with "
            "Basque Trade & Investment. {k} companies have expressed interest.",
            "Results of the mission to {country}: {k} companies took part and {smes} reported "
            "follow-up meetings. The joint stand at {fair} is confirmed.",
        ),
        ("The cluster will organise a joint stand at {fair}.",),
        (
            ("Circulate the call for companies interested in the stand at {fair}", "manager"),
            ("Put the cluster in touch with SPRI's network office in {country}", "officer"),
        ),
    ),
    "eu_projects": (
        "European projects and calls",
        (
            "Status of the {prog} proposal on {topic}: consortium of {k} partners, deadline in "
            "{month}. SPRI's liaison offered to review the impact section.",
            "The {prog} project on {topic} passed the first stage. The board discussed "
            "co-financing from the Hazitek and Elkartek programmes.",
        ),
        ("The cluster will coordinate the {prog} proposal on {topic}.",),
        (
            ("Review the impact section of the {prog} proposal", "officer"),
            ("Collect letters of support from members for the {prog} proposal", "manager"),
        ),
    ),
    "ga_prep": (
        "Preparation of the General Assembly",
        (
            "Agenda of the General Assembly of {ga_date} agreed: annual report, {py} accounts, "
            "{y} action plan and budget.",
            "The General Assembly will be held on {ga_date} at {venue}. A member company will "
            "present its {topic} project.",
        ),
        ("The ordinary General Assembly is convened for {ga_date}.",),
        (("Send the convocation and documents of the General Assembly to members", "manager"),),
    ),
    "budget_exec": (
        "Budget execution to date",
        (
            "Execution at {pct}% of the annual budget. Personnel costs on track; travel below "
            "forecast.",
            "Execution at {pct}%: the delay in the {prog} project explains most of the gap. "
            "SPRI's liaison recalled the grant justification deadline.",
        ),
        (),
        (("Send SPRI the updated execution forecast", "treasurer"),),
    ),
    "working_groups": (
        "Report from the working groups",
        (
            "The {topic} working group met {k} times; members asked for a shared diagnostic. "
            "The talent group is preparing a dual vocational training agreement.",
            "Working groups active: {topic}, internationalisation and talent. Attendance fell "
            "over the summer; the manager proposes fewer, more focused sessions.",
        ),
        ("A new working group on {topic} is created.",),
        (("Draft the terms of reference of the {topic} working group", "manager"),),
    ),
    "cluster_day": (
        "Basque Cluster Day {y}",
        (
            "SPRI's liaison presented the Basque Cluster Day programme. The cluster will present "
            "a success story on {topic}.",
            "The board chose the {topic} project as the cluster's success story for Basque "
            "Cluster Day.",
        ),
        ("{short} will present its {topic} success story at Basque Cluster Day.",),
        (
            (
                "Propose a member company to present the success story at Basque Cluster Day",
                "manager",
            ),
            ("Confirm the speaker slot with the Basque Cluster Day organisers", "officer"),
        ),
    ),
    "users_voice": (
        "User's Voice survey results",
        (
            "Response rate {rr}%; average satisfaction {sat}/5. Highest rated: networking "
            "events; lowest rated: {svc}.",
            "{rr}% of members answered. The gap between importance and satisfaction is largest "
            "for {svc}; impact rated higher than last year.",
        ),
        ("{svc_cap} will be redesigned in next year's action plan.",),
        (("Analyse the low score of {svc} and propose improvements", "manager"),),
    ),
    "talent": (
        "Talent: dual vocational training and STEM vocations",
        (
            "{k} member companies host dual vocational training students this year. Agreement "
            "with vocational training centres to update the curriculum on {topic}.",
            "Shortage of profiles in {topic} discussed; the board supports a joint campaign on "
            "STEM vocations with schools in the area.",
        ),
        ("The cluster joins the STEM vocations campaign.",),
        (
            ("Map the skills gaps in {topic} with member HR managers", "manager"),
            ("Share the Basque Government's talent programmes with the cluster", "officer"),
        ),
    ),
    "next_plan": (
        "Draft {ny} action plan and budget",
        (
            "First draft of the {ny} action plan: continuity in internationalisation and a new "
            "line on {topic}. Budget of €{budget}k, {private}% private.",
            "Guidelines for the {ny} plan: fewer, larger actions, each with a KPI. SPRI's "
            "liaison shared the main recommendations of this year's assessment.",
        ),
        ("The board approves the guidelines for the {ny} action plan.",),
        (
            ("Circulate the draft {ny} action plan to the board for comments", "manager"),
            ("Send the assessment recommendations to feed the {ny} action plan", "officer"),
        ),
    ),
    "fees": (
        "Membership fees for {ny}",
        (
            "The treasurer proposed {fee_change}. Larger members asked for a fee tier linked to "
            "turnover.",
            "Fee proposal for {ny}: {fee_change}. The board discussed the impact on the private "
            "share of funding.",
        ),
        ("Membership fees for {ny}: {fee_change}.",),
        (("Send the {ny} fee schedule to members", "treasurer"),),
    ),
    "strategy": (
        "Strategic Cluster Plan: mid-term review",
        (
            "Mid-term review of the Strategic Cluster Plan: {pct}% of the indicators on track. "
            "Gaps in SME participation and international projects.",
            "The review shows progress on {topic} but little cooperation beyond networking; "
            "SPRI's liaison suggested joint projects to climb the pyramid of cooperation.",
        ),
        ("The review is approved; the SME indicators of the plan will be revised.",),
        (("Prepare the mid-term review report for the General Assembly", "manager"),),
    ),
    "esca": (
        "ESCA cluster management label",
        (
            "The manager reported on the ESCA benchmarking: {k} indicators below the Gold "
            "threshold, mainly financing and international visibility.",
            "Preparation of the ESCA label renewal: self-assessment done, interview to be "
            "booked. SPRI's liaison offered the coordination team's support.",
        ),
        (),
        (("Book the ESCA benchmarking interview", "manager"),),
    ),
    "ris3": (
        "Alignment with RIS3 Euskadi and the PCTI 2030",
        (
            "SPRI's liaison presented the RIS3 Euskadi priorities and this year's Hazitek and "
            "Elkartek calls. The board mapped the plan's actions to the priorities.",
            "Discussion on how {topic} fits the smart-specialisation priorities; two actions "
            "lack a clear link.",
        ),
        (),
        (("Map each action of the plan to a RIS3 priority", "manager"),),
    ),
    "intercluster": (
        "Intercluster cooperation with {other}",
        (
            "Joint meeting with {other} on {topic}: {k} companies interested in a shared pilot.",
            "{other} proposed a joint working group on {topic}; the board welcomed the idea.",
        ),
        ("The cluster will co-organise a workshop on {topic} with {other}.",),
        (("Agree dates for the joint workshop on {topic} with {other}", "manager"),),
    ),
    "aob": (
        "Any other business",
        (
            "No other business.",
            "The president thanked the outgoing treasurer for six years of service.",
            "Next meeting date agreed; papers to be sent a week in advance.",
        ),
        (),
        (),
    ),
    # General assembly
    "ga_welcome": (
        "Welcome by the President",
        ("The President welcomed {members_present} members and representatives of SPRI.",),
        (),
        (),
    ),
    "ga_report": (
        "Annual report {py}",
        (
            "The manager presented the {py} report: {n_actions} actions carried out, {k} joint "
            "projects and {smes} new members.",
        ),
        (),
        (("Publish the {py} annual report on the cluster website", "manager"),),
    ),
    "ga_accounts": (
        "Approval of the {py} accounts",
        ("Accounts presented by the treasurer; no questions from members.",),
        ("The General Assembly approves the {py} accounts.",),
        (),
    ),
    "ga_plan": (
        "{y} action plan and budget",
        ("The manager presented the {y} action plan and the budget of €{budget}k.",),
        ("The General Assembly approves the {y} action plan and budget.",),
        (("Send SPRI the minutes of the General Assembly and the approved plan", "manager"),),
    ),
    "ga_board": (
        "Renewal of board seats",
        ("{k} seats renewed; one new SME representative joins the board.",),
        ("{k} board seats are renewed for four years.",),
        (),
    ),
    "ga_questions": (
        "Questions from members",
        ("Members asked about {topic} and about the fee for small companies.",),
        (),
        (),
    ),
    # Working group
    "wg_intro": (
        "Round of introductions and expectations",
        ("{k} members introduced their interest in {topic}.",),
        (),
        (),
    ),
    "wg_case": (
        "Case presentation by a member company",
        ("A member company presented its experience with {topic}; lively discussion on costs.",),
        (),
        (("Share the presentation and the contact of the speaker with the group", "manager"),),
    ),
    "wg_diag": (
        "Shared diagnostic of member needs",
        ("Main needs: qualified people, access to pilots, and funding for {topic}.",),
        ("The group will prepare a joint project idea on {topic}.",),
        (("Share SPRI's support programmes on {topic} with the group", "officer"),),
    ),
    "wg_next": (
        "Next steps and calendar",
        ("The group will meet every quarter; next session hosted by a member company.",),
        ("The group will meet quarterly.",),
        (),
    ),
}

# Board agenda by quarter: the fixed topic, then optional ones.
_BOARD_AGENDA = {
    1: ("action_plan", ("accounts", "membership", "international", "eu_projects", "ris3")),
    2: ("ga_prep", ("budget_exec", "eu_projects", "working_groups", "international", "talent")),
    3: ("cluster_day", ("budget_exec", "users_voice", "talent", "intercluster", "international")),
    4: ("next_plan", ("fees", "strategy", "esca", "ris3", "intercluster")),
}
_QUARTER_WINDOWS = {1: ((2, 10), (3, 20)), 2: ((5, 5), (6, 12)), 3: ((9, 8), (9, 30))}
_Q4_WINDOW = ((11, 17), (12, 16))
_GA_WINDOW = ((6, 15), (6, 30))
_WG_WINDOWS = (((4, 7), (4, 30)), ((10, 22), (11, 13)))
_WG_TITLES = (
    "Internationalisation committee",
    "Talent and training working group",
    "Digitalisation working group",
    "Sustainability and decarbonisation working group",
    "European projects working group",
)

# --------------------------------------------------------------------------- assessment content
_CRITERION_KIND = ("RIS3", "COOP", "SME", "SMART", "RES", "EXEC", "DEMAND")
_SCORE_COMMENTS: dict[str, tuple[str, str, str]] = {  # low (0-1), partial (2), high (3-4)
    "RIS3": (
        "The {area} actions are not linked to RIS3 Euskadi priorities or the Basque plans.",
        "Partial alignment: the {area} actions cite RIS3 priorities without explicit links to "
        "the PCTI 2030 objectives.",
        "Every {area} action is mapped to a RIS3 priority and to the Basque plans.",
    ),
    "COOP": (
        "Cooperation in {area} stays at awareness level: newsletters and information sessions.",
        "Networking events and bilateral contacts; few joint projects in {area}.",
        "Joint projects between members in {area}, with a strategic alliance under way.",
    ),
    "SME": (
        "SMEs are barely present: the {area} actions are driven by a few large members.",
        "SMEs take part in about a third of the {area} actions.",
        "The {area} actions are designed for SMEs, with specific support and high SME uptake.",
    ),
    "SMART": (
        "Objectives in {area} are generic; no indicators or targets.",
        "Indicators exist for {area} but several lack baselines or targets.",
        "SMART objectives with baseline, target and owner for every {area} action.",
    ),
    "RES": (
        "The budget does not cover the planned {area} actions.",
        "Resources roughly match the {area} plan; staff time is not quantified.",
        "Budget and staff time quantified per {area} action and consistent with past execution.",
    ),
    "EXEC": (
        "Less than half of last year's {area} actions were carried out.",
        "Most of last year's {area} actions were carried out, some with delays.",
        "Last year's {area} actions were executed in full, with results reported.",
    ),
    "DEMAND": (
        "No evidence that members asked for the {area} actions.",
        "Some {area} actions respond to the User's Voice survey; others are supply-driven.",
        "The {area} actions respond directly to User's Voice results and member working groups.",
    ),
}
_SCORE_EVIDENCE = {
    "RIS3": "Action plan {y}, {area} chapter; RIS3 mapping table",
    "COOP": "List of joint projects and participants, {py}",
    "SME": "Participation records by company size, {py}",
    "SMART": "KPI table of the {y} action plan",
    "RES": "Budget annex of the {y} action plan",
    "EXEC": "Execution report {py}",
    "DEMAND": "User's Voice survey {py}; working-group minutes",
}
_SECTION_RECOMMENDATIONS = (
    "Rework the {area} chapter around fewer actions with clear objectives; priority: {weak}.",
    "Consolidate the {area} actions and strengthen {weak}.",
    "Keep the {area} approach and share it with other clusters as good practice; watch {weak}.",
)
_SECTION_FOLLOW_UPS = (
    "Working session with the cluster manager on the {area} chapter before {due}.",
    "Review progress on {area} at the board meeting after {due}.",
    "Present the {area} practice at an Evaluation working group session before {due}.",
)

_MATURITY_NOTES: tuple[tuple[str, str, str], ...] = (  # per dimension: low, mid, high
    (
        "Membership small and narrow; commitment depends on a few companies.",
        "Stable core of members with a reasonable SME presence.",
        "Representative membership of the whole value chain; members co-lead projects.",
    ),
    (
        "Governance informal; management relies on part-time staff.",
        "Working board and a dedicated manager; roles partly defined.",
        "Professional team with defined roles; the board steers strategy.",
    ),
    (
        "Heavily dependent on the SPRI grant; fees cover little.",
        "Several funding sources; private share growing slowly.",
        "Diversified funding with paid services and European projects.",
    ),
    (
        "Action plan without a clear underlying strategy.",
        "Strategic plan with yearly action plans, partly aligned with RIS3.",
        "Participative strategy aligned with RIS3; indicators monitored and used.",
    ),
    (
        "Services limited to information and occasional events.",
        "Defined service portfolio; some joint projects among members.",
        "Tailored services and frequent joint and intercluster projects.",
    ),
    (
        "Little or no international activity beyond occasional missions.",
        "Member of international networks; some European projects.",
        "Structured internationalisation plan; leads European and cross-border projects.",
    ),
    (
        "Results hardly measured; few success stories.",
        "Outcomes measured for key actions; some success stories.",
        "Good and improving User's Voice results; visible impact and recognition.",
    ),
)
_MATURITY_EVIDENCE = (
    "Member register {y}",
    "Board composition and organisation chart {y}",
    "Audited accounts {py}",
    "Strategic Cluster Plan; action plan {y}",
    "Service catalogue; activity report {py}",
    "International projects list {py}",
    "User's Voice survey {py}; success stories",
)


# =========================================================================== helpers
def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _long_date(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _days(lo: dt.date, hi: dt.date) -> list[dt.date]:
    return [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]


def _is_working_day(d: dt.date) -> bool:
    if d.weekday() >= 5 or d.month == 8:
        return False
    return not ((d.month == 12 and d.day >= 23) or (d.month == 1 and d.day <= 6))


def _criterion_kind(code: str, position: int) -> str:
    """The kind of a rubric criterion from its code (``INT-RIS3`` → ``RIS3``)."""
    kind = code.rsplit("-", 1)[-1].upper()
    return kind if kind in _SCORE_COMMENTS else _CRITERION_KIND[position % len(_CRITERION_KIND)]


def _lower_first(text: str) -> str:
    """'Alignment with RIS3' → 'alignment with RIS3' (acronyms and names keep their case)."""
    if text.split(" ", 1)[0] in ("Basque", "European", "User's"):
        return text
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _band(score: float) -> int:
    return 0 if score < 1.5 else 1 if score < 2.5 else 2


def _quarter_minutes(hours: float) -> int:
    return max(0, round(hours * 4)) * 15


@dataclass
class _Assign:
    officer: int
    cluster: int
    start: dt.date
    end: dt.date | None

    def covers(self, d: dt.date) -> bool:
        return self.start <= d and (self.end is None or d <= self.end)


@dataclass
class _Person:
    name: str
    organisation: str
    role: str
    kind: str  # manager / president / treasurer / member


@dataclass
class _MeetingPlan:
    cluster: int
    kind: str
    quarter: int
    starts: dt.datetime
    minutes: int
    held: bool
    row: dict[str, Any]  # the meeting's columns
    id: int = 0  # once inserted
    officer_attendees: list[tuple[int, bool]] = field(default_factory=list)  # (officer, present)
    attendee_rows: list[dict[str, Any]] = field(default_factory=list)
    externals: list[tuple[_Person, dict[str, Any]]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    agenda_rows: list[dict[str, Any]] = field(default_factory=list)
    ctx: dict[str, Any] = field(default_factory=dict)

    @property
    def day(self) -> dt.date:
        return self.starts.date()


@dataclass
class _AssessmentPlan:
    cluster: int
    year: int
    assessor: int
    final: dt.datetime | None
    work_days: list[dt.date]


# =========================================================================== the builder
class _DemoBuilder:
    def __init__(
        self,
        s: Session,
        today: dt.date,
        rng: random.Random,
        step: Callable[[int, str], None],
    ) -> None:
        self.s = s
        self.today = today
        self.rng = rng
        self.step = step
        self.year = today.year
        self.years = (today.year - 2, today.year - 1, today.year)
        self.first_day = dt.date(self.years[0], 1, 1)
        newcomer_start = dt.date(self.year, 5, 1)
        self.newcomer_start = min(newcomer_start, today)
        self.officers: list[Officer] = []
        self.clusters: list[Cluster] = []
        self.assignments: list[_Assign] = []
        self.people: list[list[_Person]] = []
        self.meetings: list[_MeetingPlan] = []
        self.assessment_plans: list[_AssessmentPlan] = []
        self.busy: dict[int, set[dt.date]] = defaultdict(set)  # officer → days with a meeting
        self.entries: list[dict[str, Any]] = []
        self.day_minutes: dict[tuple[int, dt.date], int] = defaultdict(int)
        self.n_actions = 0
        self.n_profiles = 0

    # ------------------------------------------------------------------ orchestration
    def build(self) -> DemoSummary:
        self.step(3, "Adding officers, clusters and board assignments…")
        self._officers_and_clusters()
        self.step(12, "Scheduling three years of board meetings…")
        self._schedule_meetings()
        self.step(30, "Writing minutes, decisions and action items…")
        self._minutes_and_actions()
        self.step(45, "Planning action-plan assessments…")
        self._plan_assessments()
        self.step(50, "Logging three years of hours…")
        self._hours()
        self.step(70, "Scoring action plans…")
        self._assessments()
        self.step(85, "Profiling cluster maturity…")
        self._maturity()
        return DemoSummary(
            officers=len(self.officers),
            clusters=len(self.clusters),
            assignments=len(self.assignments),
            time_entries=len(self.entries),
            meetings=len(self.meetings),
            action_items=self.n_actions,
            assessments=len(self.assessment_plans),
            maturity_profiles=self.n_profiles,
        )

    def _bulk(self, entity: type, rows: list[dict[str, Any]]) -> None:
        """One executemany for rows nobody needs the ids of (NULLs kept, so batches stay whole)."""
        if rows:
            self.s.execute(insert(entity).execution_options(render_nulls=True), rows)

    # ------------------------------------------------------------------ calendar helpers
    def _service(self, officer: int) -> tuple[dt.date, dt.date]:
        o = self.officers[officer]
        start = o.service_start or self.first_day
        end = o.service_end or dt.date.max
        return start, end

    def _in_service(self, officer: int, d: dt.date) -> bool:
        start, end = self._service(officer)
        return start <= d <= end

    def liaison(self, cluster: int, d: dt.date) -> int:
        for a in self.assignments:
            if a.cluster == cluster and a.covers(d):
                return a.officer
        raise AssertionError(f"no liaison for cluster {cluster} on {d}")  # pragma: no cover

    def clusters_of(self, officer: int, d: dt.date) -> list[int]:
        return [a.cluster for a in self.assignments if a.officer == officer and a.covers(d)]

    def _pick_day(
        self,
        lo: dt.date,
        hi: dt.date,
        *,
        weekdays: Sequence[int] = (1, 2, 3),
        avoid: set[dt.date] | None = None,
    ) -> dt.date:
        days = [d for d in _days(lo, hi) if d.weekday() in weekdays]
        free = [d for d in days if not avoid or d not in avoid]
        pool = free or days or _days(lo, hi)
        return self.rng.choice(pool)

    def _window(
        self, year: int, window: tuple[tuple[int, int], tuple[int, int]]
    ) -> tuple[dt.date, dt.date]:
        (m1, d1), (m2, d2) = window
        return dt.date(year, m1, d1), dt.date(year, m2, d2)

    # ------------------------------------------------------------------ people and clusters
    def _officers_and_clusters(self) -> None:
        rng, y = self.rng, self.year
        for i, person in enumerate(_OFFICERS):
            back, month, day = person.start
            start = self.newcomer_start if i == _NEWCOMER else dt.date(y - back, month, day)
            first, *rest = person.name.split()
            email = f"{_ascii(first)}.{_ascii(rest[0])}@{OFFICER_DOMAIN}".lower()
            end = dt.date(y - 1, 12, 31) if i == _LEAVER else None
            self.officers.append(
                Officer(
                    name=person.name,
                    email=email,
                    role=person.role,
                    active=i != _LEAVER,
                    service_start=start,
                    service_end=end,
                    phone="",
                    notes=person.notes,
                )
            )
        for spec in _CLUSTERS:
            first, surname = spec.contact.split()[:2]
            expiry = None
            if spec.esca != "none" and spec.esca_days is not None:
                expiry = self.today + dt.timedelta(days=spec.esca_days)
            self.clusters.append(
                Cluster(
                    name=spec.name,
                    short_name=spec.short,
                    sector=spec.sector,
                    kind=spec.kind,
                    cross_border=spec.cross_border,
                    contact_name=spec.contact,
                    contact_email=f"{_ascii(first)[0]}{_ascii(surname)}@{spec.slug}.eus.example".lower(),
                    member_count=spec.members,
                    sme_share=spec.sme,
                    management_fte=spec.fte,
                    helix_types=spec.helix,
                    website=f"https://www.{spec.slug}.eus.example",
                    esca_label=spec.esca,
                    esca_expiry=expiry,
                    notes=spec.notes,
                )
            )
            self.people.append(self._board_people(spec))

        # Assignments: the initial liaisons, then the hand-overs of the last three years.
        handover_b = dt.date(y - 2, 10, 1)  # Creative Industries: X. Olabarria → N. Goikoetxea
        handover_a = dt.date(y - 1, 7, 1)  # ADDITIVALLEY: J. Arrieta → U. Larrañaga
        leaver_end = dt.date(y - 1, 12, 31)
        by_short = {spec.short: c for c, spec in enumerate(_CLUSTERS)}
        for c, officer in enumerate(_INITIAL_LIAISON):
            o_start = self.officers[officer].service_start
            assert o_start is not None
            start = max(o_start, dt.date(y - 2 - rng.randint(1, 5), rng.choice((1, 3, 6, 9)), 1))
            end = None
            if c == by_short["Creative Industries"]:
                end = handover_b - dt.timedelta(days=1)
            elif c == by_short["ADDITIVALLEY"]:
                end = handover_a - dt.timedelta(days=1)
            elif officer == _LEAVER:
                end = leaver_end
            self.assignments.append(_Assign(officer, c, start, end))
        self.assignments.append(_Assign(4, by_short["Creative Industries"], handover_b, None))
        self.assignments.append(_Assign(5, by_short["ADDITIVALLEY"], handover_a, None))
        for c, officer in enumerate(_INITIAL_LIAISON):
            if officer != _LEAVER:
                continue
            jan1 = dt.date(y, 1, 1)
            if self.newcomer_start > jan1:
                interim_end = self.newcomer_start - dt.timedelta(days=1)
                self.assignments.append(_Assign(_COORD_A, c, jan1, interim_end))
            self.assignments.append(_Assign(_NEWCOMER, c, self.newcomer_start, None))

        self.s.add_all(self.officers)
        self.s.add_all(self.clusters)
        self.s.flush()
        self.s.add_all(
            Assignment(
                officer_id=self.officers[a.officer].id,
                cluster_id=self.clusters[a.cluster].id,
                start_date=a.start,
                end_date=a.end,
            )
            for a in self.assignments
        )
        targets = []
        self.targets = {}  # the pro-rated hours each officer owes: what the demo hours aim at
        for i, o in enumerate(self.officers):
            for year in self.years:
                start, end = self._service(i)
                lo, hi = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
                if lo > hi:
                    continue
                hours = vocab.DEFAULT_ANNUAL_TARGET_HOURS
                if i == _HIGH_TARGET and year == self.year:
                    hours = 120.0
                # the stored target is the yearly one; progress pro-rates it to the service period
                targets.append(AnnualTarget(officer_id=o.id, year=year, hours=hours))
                self.targets[(o.id, year)] = prorated_target(hours, year, start, end)
        self.s.add_all(targets)

    def _person_name(self) -> str:
        rng = self.rng
        return f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)} {rng.choice(_SURNAMES)}"

    def _company(self, spec: _ClusterSpec) -> str:
        rng = self.rng
        return f"{rng.choice(_COMPANY_ROOTS)} {rng.choice(spec.trades)} {rng.choice(_LEGAL_FORMS)}"

    def _board_people(self, spec: _ClusterSpec) -> list[_Person]:
        rng = self.rng
        people = [
            _Person(spec.contact, spec.short, "Cluster manager", "manager"),
            _Person(self._person_name(), self._company(spec), "President", "president"),
            _Person(self._person_name(), self._company(spec), "Treasurer", "treasurer"),
            _Person(self._person_name(), self._company(spec), "Vice-president", "member"),
        ]
        for _ in range(rng.randint(2, 3)):
            people.append(
                _Person(self._person_name(), self._company(spec), "Board member", "member")
            )
        centre = f"{rng.choice(_COMPANY_ROOTS)} Technology Centre"
        people.append(
            _Person(self._person_name(), centre, "Board member (knowledge agent)", "member")
        )
        if spec.cross_border:
            first = rng.choice(("Ellande", "Peio", "Maddi", "Battitte"))
            surname = rng.choice(("Etcheverry", "Haritschelhar", "Larralde", "Iriart"))
            firm = f"{rng.choice(('Lapurdi', 'Errobi', 'Aturri'))} {rng.choice(spec.trades)} SAS"
            people.append(
                _Person(
                    f"{first} {surname}",
                    f"{firm} (Bidart)",
                    "Board member (New Aquitaine)",
                    "member",
                )
            )
        return people

    # ------------------------------------------------------------------ meetings
    def _schedule_meetings(self) -> None:
        rng = self.rng
        for year in self.years:
            for q in (1, 2, 3, 4):
                window = _QUARTER_WINDOWS.get(q, _Q4_WINDOW)
                if q == 2:  # first, so that the board can convene it
                    for c in range(len(self.clusters)):
                        self._add_meeting(c, "general_assembly", 2, self._window(year, _GA_WINDOW))
                for c in range(len(self.clusters)):
                    self._add_meeting(c, "board", q, self._window(year, window))
            for c in sorted(rng.sample(range(len(self.clusters)), 7)):
                w = rng.choice(_WG_WINDOWS)
                self._add_meeting(
                    c, "working_group", 2 if w[0][0] < 7 else 4, self._window(year, w)
                )
        self.meetings.sort(key=lambda m: (m.starts, m.cluster))
        ids = self._insert_returning_ids(Meeting, [m.row for m in self.meetings])
        for plan, meeting_id in zip(self.meetings, ids, strict=True):
            plan.id = meeting_id
            for row in plan.attendee_rows + plan.agenda_rows:
                row["meeting_id"] = meeting_id
        for entity, rows in (
            (MeetingAttendee, [r for m in self.meetings for r in m.attendee_rows]),
            (AgendaItem, [r for m in self.meetings for r in m.agenda_rows]),
        ):
            for row, row_id in zip(rows, self._insert_returning_ids(entity, rows), strict=True):
                row["id"] = row_id

    def _insert_returning_ids(self, entity: Any, rows: list[dict[str, Any]]) -> list[int]:
        """Insert rows and return their new ids, in the order of ``rows``."""
        statement = insert(entity).returning(entity.id, sort_by_parameter_order=True)
        return list(self.s.scalars(statement, rows))

    def _add_meeting(
        self, c: int, kind: str, quarter: int, window: tuple[dt.date, dt.date]
    ) -> None:
        rng, spec = self.rng, _CLUSTERS[c]
        lo, hi = window
        first_guess = self._pick_day(lo, hi)
        officer = self.liaison(c, first_guess)
        day = self._pick_day(lo, hi, avoid=self.busy[officer])
        officer = self.liaison(c, day)
        self.busy[officer].add(day)
        held = day < self.today
        year = day.year
        if kind == "board":
            minutes = rng.choice((120, 150, 180))
            start_t = rng.choice(((9, 0), (9, 30), (10, 0), (16, 0), (16, 30)))
            title = f"{spec.short} board meeting – Q{quarter} {year}"
        elif kind == "general_assembly":
            minutes = 150
            start_t = rng.choice(((11, 0), (17, 0)))
            title = f"{spec.short} ordinary General Assembly {year}"
        else:
            minutes = 120
            start_t = (10, 0)
            title = f"{spec.short} {rng.choice(_WG_TITLES).lower()}"
        starts = dt.datetime(year, day.month, day.day, *start_t)
        online = kind != "general_assembly" and rng.random() < 0.08
        if online:
            location = "Online (video call)"
        elif spec.cross_border and quarter % 2 == 0:
            location = "Izarbel technopole, Bidart (Pays Basque)"
        elif kind == "general_assembly" and spec.members > 150:
            location = rng.choice(_CLUSTER_DAY_VENUES)
        else:
            location = spec.venue
        meeting = {
            "cluster_id": self.clusters[c].id,
            "kind": kind,
            "title": title,
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(minutes=minutes),
            "location": location,
            "online": online,
            "closed": held,
            "notes": "",
        }
        plan = _MeetingPlan(c, kind, quarter, starts, minutes, held, meeting)
        self.meetings.append(plan)

        # Attendees: the liaison (and now and then a coordinator at a general assembly) ...
        present = rng.random() < (0.95 if kind != "working_group" else 0.7)
        plan.officer_attendees.append((officer, present))
        if kind == "general_assembly" and rng.random() < 0.2:
            coord = rng.choice((_COORD_A, _COORD_B))
            if coord != officer and day not in self.busy[coord]:
                self.busy[coord].add(day)
                plan.officer_attendees.append((coord, True))
        for o, was_present in plan.officer_attendees:
            attendance = "invited" if not held else "present" if was_present else "apologised"
            role = (
                "Coordination team"
                if o in (_COORD_A, _COORD_B) and o != officer
                else "Liaison officer"
            )
            plan.attendee_rows.append(
                {
                    "officer_id": self.officers[o].id,
                    "name": "",
                    "organisation": "SPRI",
                    "role": role,
                    "attendance": attendance,
                }
            )
        # ... plus the cluster manager and 2-5 board members.
        people = self.people[c]
        chosen = [people[0]]
        if rng.random() < 0.85:
            chosen.append(people[1])
        others = people[2:]
        chosen += rng.sample(others, min(len(others), rng.randint(2, 4)))
        for p in chosen:
            attendance = "invited"
            if held:
                attendance = (
                    "present" if p.kind == "manager" or rng.random() < 0.88 else "apologised"
                )
            att = {
                "officer_id": None,
                "name": p.name,
                "organisation": p.organisation,
                "role": p.role,
                "attendance": attendance,
            }
            plan.attendee_rows.append(att)
            plan.externals.append((p, att))

        # Agenda
        if kind == "board":
            fixed, optional = _BOARD_AGENDA[quarter]
            topics = ["minutes", fixed, *rng.sample(optional, rng.randint(1, 3))]
            if rng.random() < 0.6:
                topics.append("aob")
        elif kind == "general_assembly":
            topics = ["ga_welcome", "ga_report", "ga_accounts", "ga_plan"]
            if year % 2 == 0:
                topics.append("ga_board")
            topics.append("ga_questions")
        else:
            topics = ["wg_intro", "wg_case", "wg_diag", "wg_next"]
        plan.topics = topics
        plan.ctx = self._context(c, day, kind)
        for pos, key in enumerate(topics):
            title, notes, _dec, _act = _TOPICS[key]
            plan.agenda_rows.append(
                {
                    "position": pos,
                    "title": title.format(**plan.ctx),
                    "notes": rng.choice(notes).format(**plan.ctx) if held else "",
                }
            )
        if held:
            meeting["notes"] = self._meeting_notes(plan)

    def _meeting_notes(self, plan: _MeetingPlan) -> str:
        present = [p for p, a in plan.externals if a["attendance"] == "present"]
        apologies = [p.name for p, a in plan.externals if a["attendance"] == "apologised"]
        spri = (
            "SPRI's liaison present" if plan.officer_attendees[0][1] else "SPRI's liaison excused"
        )
        if plan.kind == "general_assembly":
            return (
                f"{plan.ctx['members_present']} member organisations represented; {spri}. "
                "Quorum reached at the second call."
            )
        chair = next((p.name for p in present if p.kind == "president"), None)
        parts = [f"{len(present)} of the invited board members present; {spri}."]
        if plan.row["online"]:
            parts.append("Held online.")
        if chair and plan.kind == "board":
            parts.append(f"Chaired by {chair}, President.")
        if apologies:
            parts.append(f"Apologies: {', '.join(apologies)}.")
        return " ".join(parts)

    def _context(self, c: int, day: dt.date, kind: str) -> dict[str, Any]:
        rng, spec = self.rng, _CLUSTERS[c]
        y = day.year
        others = [s.short for i, s in enumerate(_CLUSTERS) if i != c]
        svc = rng.choice(_SERVICES)
        same_cluster = [m for m in self.meetings if m.cluster == c]
        prev = [m.day for m in same_cluster if m.kind == kind and m.day < day]
        prev_day = max(prev) if prev else day - dt.timedelta(days=rng.randint(70, 110))
        ga = [m.day for m in same_cluster if m.kind == "general_assembly" and m.day.year == y]
        ga_day = ga[0] if ga else dt.date(y, 6, rng.randint(16, 29))
        budget = round(spec.members * rng.uniform(4.5, 8.5) + 150)
        return {
            "y": y,
            "py": y - 1,
            "ny": y + 1,
            "short": spec.short,
            "prev": _long_date(prev_day),
            "fair": spec.fair,
            "country": rng.choice(_COUNTRIES),
            "prog": "Interreg POCTEFA" if spec.cross_border else rng.choice(_PROGRAMMES),
            "topic": rng.choice(spec.topics),
            "pct": rng.randint(38, 92),
            "k": rng.randint(2, 9),
            "smes": rng.randint(1, 6),
            "income": round(budget * rng.uniform(0.9, 1.1)),
            "private": rng.randint(28, 64),
            "surplus": rng.randint(3, 40),
            "budget": budget,
            "n_actions": rng.randint(14, 38),
            "rr": rng.randint(31, 72),
            "sat": f"{rng.uniform(3.4, 4.5):.1f}",
            "svc": svc,
            "svc_cap": svc[0].upper() + svc[1:],
            "ga_date": _long_date(ga_day),
            "venue": spec.venue,
            "fee_change": rng.choice(_FEE_CHANGES),
            "members": spec.members,
            "members_present": round(spec.members * rng.uniform(0.35, 0.6)),
            "other": rng.choice(others),
            "month": _MONTHS[(day.month - 1 + rng.randint(1, 3)) % 12],
        }

    def _minutes_and_actions(self) -> None:
        rng, today = self.rng, self.today
        decisions: list[dict[str, Any]] = []
        actions: list[dict[str, Any]] = []
        for plan in self.meetings:
            if not plan.held:
                continue
            with_decision = [i for i, k in enumerate(plan.topics) if _TOPICS[k][2]]
            for pos, i in enumerate(
                sorted(rng.sample(with_decision, min(len(with_decision), rng.randint(1, 3))))
            ):
                text = rng.choice(_TOPICS[plan.topics[i]][2]).format(**plan.ctx)
                decisions.append(
                    {
                        "meeting_id": plan.id,
                        "agenda_item_id": plan.agenda_rows[i]["id"],
                        "position": pos,
                        "text": text,
                    }
                )
            with_action = [i for i, k in enumerate(plan.topics) if _TOPICS[k][3]]
            if not with_action:
                continue
            n = rng.randint(1, min(4, len(with_action)))
            liaison, present = plan.officer_attendees[0]
            for i in sorted(rng.sample(with_action, n)):
                text, owner_kind = rng.choice(_TOPICS[plan.topics[i]][3])
                owner_officer = owner_attendee = None
                if owner_kind == "officer" and present:
                    owner_officer = self.officers[liaison].id
                else:
                    wanted = owner_kind if owner_kind != "officer" else "manager"
                    att = next(
                        (
                            a
                            for p, a in plan.externals
                            if p.kind == wanted and a["attendance"] == "present"
                        ),
                        plan.externals[0][1],
                    )
                    owner_attendee = att["id"]
                due = plan.day + dt.timedelta(days=rng.choice((14, 21, 30, 45, 60)))
                if plan.topics[i] == "cluster_day":  # before the day itself
                    cluster_day = self._cluster_day(plan.day.year) - dt.timedelta(days=2)
                    due = max(plan.day + dt.timedelta(days=3), min(due, cluster_day))
                age = (today - plan.day).days
                r = rng.random()
                if age > 120:
                    status = "done" if r < 0.88 else "dropped" if r < 0.97 else "open"
                elif age > 45:
                    status = "done" if r < 0.6 else "open" if r < 0.95 else "dropped"
                else:
                    status = "open" if r < 0.8 else "done"
                closed_on = None
                if status != "open":
                    hi = min(due + dt.timedelta(days=20), today)
                    lo = min(plan.day + dt.timedelta(days=3), hi)
                    closed_on = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
                actions.append(
                    {
                        "meeting_id": plan.id,
                        "agenda_item_id": plan.agenda_rows[i]["id"],
                        "description": text.format(**plan.ctx),
                        "owner_officer_id": owner_officer,
                        "owner_attendee_id": owner_attendee,
                        "due_date": due,
                        "status": status,
                        "closed_on": closed_on,
                    }
                )
        if decisions:
            self._bulk(Decision, decisions)
        if actions:
            self._bulk(ActionItem, actions)
        self.n_actions = len(actions)

    # ------------------------------------------------------------------ hours
    def _add_entry(
        self,
        officer: int,
        day: dt.date,
        minutes: int,
        activity: str,
        description: str,
        *,
        cluster: int | None = None,
        meeting_id: int | None = None,
        cap: int = DAY_CAP,
    ) -> int:
        """Log time unless it breaks a rule; returns the minutes logged (0 when refused)."""
        if minutes <= 0 or day > self.today or not self._in_service(officer, day):
            return 0
        if cluster is not None and cluster not in self.clusters_of(officer, day):
            return 0
        used = self.day_minutes[(officer, day)]
        minutes = min(minutes, cap - used) // 15 * 15
        if minutes <= 0:
            return 0
        self.day_minutes[(officer, day)] = used + minutes
        self.entries.append(
            {
                "officer_id": self.officers[officer].id,
                "entry_date": day,
                "minutes": minutes,
                "cluster_id": self.clusters[cluster].id if cluster is not None else None,
                "activity": activity,
                "description": description,
                "meeting_id": meeting_id,
            }
        )
        return minutes

    def _budget(self, officer: int, year: int) -> int:
        """Minutes the officer logs in ``year`` (the current year: up to today)."""
        rng = self.rng
        coordinator = _OFFICERS[officer].role == "coordinator"
        target = self.targets.get((self.officers[officer].id, year), 0.0)
        start, end = self._service(officer)
        lo = max(start, dt.date(year, 1, 1))
        hi = min(end, dt.date(year, 12, 31))
        if lo > hi or lo > self.today:
            return 0
        if year < self.year:
            misses = {(5, self.years[0]), (2, self.years[1]), (_LEAVER, self.years[1])}
            if (officer, year) in misses:
                hours = rng.uniform(88, 99)
            elif coordinator:
                hours = rng.uniform(135, 170)
            else:
                hours = rng.uniform(101, 128)
            return _quarter_minutes(hours)
        elapsed = ((min(self.today, hi) - lo).days + 1) / ((hi - lo).days + 1)
        return _quarter_minutes(target * elapsed * _PACE.get(officer, 1.0))

    def _hours(self) -> None:
        rng = self.rng
        for year in self.years:
            for officer in range(len(self.officers)):
                budget = self._budget(officer, year)
                if budget <= 0:
                    continue
                logged = self._mandatory(officer, year)
                optional = self._optional(officer, year)
                rng.shuffle(optional)
                for kwargs in optional:
                    if logged + kwargs["minutes"] <= budget:
                        logged += self._add_entry(officer, **kwargs)
                logged = self._fill(officer, year, budget, logged)
        self.entries.sort(key=lambda e: (e["entry_date"], e["officer_id"]))
        self._bulk(TimeEntry, self.entries)

    def _cluster_day(self, year: int) -> dt.date:
        d = dt.date(year, 10, 15)
        return d + dt.timedelta(days=(3 - d.weekday()) % 7)  # the third Thursday of October

    def _mandatory(self, officer: int, year: int) -> int:
        """Meetings attended and Basque Cluster Day."""
        logged = 0
        for plan in self.meetings:
            if not plan.held or plan.day.year != year:
                continue
            for o, present in plan.officer_attendees:
                if o != officer or not present:
                    continue
                short = _CLUSTERS[plan.cluster].short
                if o not in self._liaisons(plan):
                    logged += self._add_entry(
                        o,
                        plan.day,
                        plan.minutes,
                        "event",
                        f"{short} General Assembly {year}, on behalf of the coordination team",
                        meeting_id=plan.id,
                    )
                    continue
                if plan.kind == "board":
                    topics = [
                        _lower_first(_TOPICS[k][0].format(**plan.ctx))
                        for k in plan.topics
                        if k not in ("minutes", "aob")
                    ]
                    activity = "board_meeting"
                    text = f"{short} board meeting (Q{plan.quarter}): {'; '.join(topics)}"
                elif plan.kind == "general_assembly":
                    activity = "event"
                    text = f"{short} ordinary General Assembly {year}"
                else:
                    activity = "working_group"
                    text = plan.row["title"]
                logged += self._add_entry(
                    o,
                    plan.day,
                    plan.minutes,
                    activity,
                    text,
                    cluster=plan.cluster,
                    meeting_id=plan.id,
                    cap=10 * 60,
                )
        day = self._cluster_day(year)
        venue = _CLUSTER_DAY_VENUES[year % 3]
        logged += self._add_entry(
            officer,
            day,
            self.rng.choice((300, 330, 360)),
            "event",
            f"Basque Cluster Day {year} ({venue}): plenary, success stories and networking "
            "with cluster managers",
        )
        if _OFFICERS[officer].role == "coordinator":
            logged += sum(self._add_entry(officer, **kw) for kw in self._monthly(officer, year))
        for assessment in self.assessment_plans:
            if assessment.assessor != officer:
                continue
            short = _CLUSTERS[assessment.cluster].short
            for n, day in enumerate(assessment.work_days):
                if day.year != year:
                    continue
                what = (
                    "scoring the sections against the rubric"
                    if n == 0
                    else "recommendations, follow-up actions and report"
                )
                logged += self._add_entry(
                    officer,
                    day,
                    self.rng.choice((120, 150, 180, 210)),
                    "assessment",
                    f"Assessment of {short}'s {assessment.year} action plan: {what}",
                    cluster=assessment.cluster,
                )
        return logged

    def _liaisons(self, plan: _MeetingPlan) -> list[int]:
        return [
            a.officer for a in self.assignments if a.cluster == plan.cluster and a.covers(plan.day)
        ]

    def _monthly(self, officer: int, year: int) -> list[dict[str, Any]]:
        coordinator = _OFFICERS[officer].role == "coordinator"
        out = []
        for month in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12):
            d = dt.date(year, month, 8 if month == 1 else 1)
            d += dt.timedelta(days=(1 - d.weekday()) % 7)  # first Tuesday
            topic = self.rng.choice(_SPRI_TOPICS)
            out.append(
                {
                    "day": d,
                    "minutes": 150 if coordinator else 90,
                    "activity": "coordination",
                    "description": (
                        f"Monthly liaison officers' meeting at SPRI, Bilbao: {topic}"
                        if not coordinator
                        else f"Prepared and chaired the monthly liaison officers' meeting: {topic}"
                    ),
                }
            )
        return out

    def _optional(self, officer: int, year: int) -> list[dict[str, Any]]:
        """Preparation, travel, coordination and working groups: logged while within budget."""
        rng = self.rng
        out: list[dict[str, Any]] = []
        for plan in self.meetings:
            if not plan.held or plan.day.year != year or plan.kind == "working_group":
                continue
            if (officer, True) not in plan.officer_attendees or officer not in self._liaisons(plan):
                continue
            spec = _CLUSTERS[plan.cluster]
            if rng.random() < 0.85:
                prep = plan.day - dt.timedelta(days=rng.randint(1, 6))
                while prep.weekday() >= 5:
                    prep -= dt.timedelta(days=1)
                what = "board papers" if plan.kind == "board" else "General Assembly documents"
                manager = self.people[plan.cluster][0].name
                out.append(
                    {
                        "day": prep,
                        "minutes": rng.choice((60, 75, 90, 120)),
                        "activity": "preparation",
                        "description": rng.choice(
                            (
                                f"Read the {what} for the {spec.short} meeting of "
                                f"{_long_date(plan.day)}",
                                f"Call with {manager} ({spec.short}) to prepare the meeting of "
                                f"{_long_date(plan.day)}",
                            )
                        ),
                        "cluster": plan.cluster,
                    }
                )
            if not plan.row["online"] and rng.random() < 0.7:
                out.append(
                    {
                        "day": plan.day,
                        "minutes": rng.choice((30, 45, 60, 90)),
                        "activity": "travel",
                        "description": f"Travel to {plan.row['location']} and back",
                        "cluster": plan.cluster,
                    }
                )
        if _OFFICERS[officer].role != "coordinator":
            out += self._monthly(officer, year)
        wg = _OFFICERS[officer].wg
        for n, month in enumerate((3, 6, 11)):
            d = dt.date(year, month, 8)
            d += dt.timedelta(days=(2 - d.weekday()) % 7 + 7 * (list(_WG_TOPICS).index(wg)))
            out.append(
                {
                    "day": d,
                    "minutes": 150,
                    "activity": "working_group",
                    "description": f"{wg} working group (SPRI and the cluster associations): "
                    f"{_WG_TOPICS[wg][n]}",
                }
            )
        return out

    def _fill(self, officer: int, year: int, budget: int, logged: int) -> int:
        """Everyday liaison work until the officer's hours for the year are reached."""
        rng = self.rng
        start, end = self._service(officer)
        lo = max(start, dt.date(year, 1, 1))
        hi = min(end, dt.date(year, 12, 31), self.today)
        days = [d for d in _days(lo, hi) if _is_working_day(d)] if lo <= hi else []
        coordinator = _OFFICERS[officer].role == "coordinator"
        attempts = 0
        while days and budget - logged >= 15 and attempts < 400:
            attempts += 1
            day = rng.choice(days)
            remaining = budget - logged
            minutes = min(rng.choice((45, 60, 90, 120, 150, 180)), remaining)
            clusters = self.clusters_of(officer, day)
            r = rng.random()
            if (coordinator and r < 0.6) or not clusters:
                text = rng.choice(
                    (
                        "Reviewed the officers' hours against the annual minimum",
                        f"Quarterly report to the Department of Economic Development ({year})",
                        "Shared Comparative Performance Scoreboard: data collection from clusters",
                        f"Planning of Basque Cluster Day {year}",
                        "User's Voice survey: fieldwork follow-up with the survey company",
                        "ESCA labelling support: calendar of benchmarking interviews",
                        "Working-group proposals for clusters weak in the same maturity dimension",
                    )
                    if coordinator
                    else (
                        "Liaison officers' handbook: updated the assessment guidelines",
                        "Prepared input for the coordination team's quarterly report",
                        f"Briefing on the {year} Hazitek and Elkartek calls for cluster boards",
                    )
                )
                logged += self._add_entry(officer, day, minutes, "coordination", text)
                continue
            c = rng.choice(clusters)
            spec = _CLUSTERS[c]
            manager = self.people[c][0].name
            other = rng.choice([s.short for i, s in enumerate(_CLUSTERS) if i != c])
            topic = rng.choice(spec.topics)
            activity, text = rng.choice(
                (
                    ("preparation", f"Read {spec.short}'s quarterly activity report"),
                    (
                        "preparation",
                        f"Reviewed {spec.short}'s proposal on {topic} before submission",
                    ),
                    ("other", f"Phone call with {manager} ({spec.short}) on member recruitment"),
                    ("other", f"Visit to a {spec.short} member company with {manager}"),
                    ("other", f"Answered {spec.short}'s questions on the grant justification"),
                    ("other", f"Intercluster meeting: {spec.short} and {other} on {topic}"),
                    ("event", f"{spec.short} technical conference on {topic}"),
                    ("event", f"{spec.short} members' networking day"),
                    ("working_group", f"{spec.short} working group on {topic}"),
                )
            )
            logged += self._add_entry(officer, day, minutes, activity, text, cluster=c)
        return logged

    # ------------------------------------------------------------------ assessments
    def _plan_assessments(self) -> None:
        rng, today = self.rng, self.today
        for year in self.years:
            for c in range(len(self.clusters)):
                final_day: dt.date | None = None
                current = year == self.year
                if not current or (today >= dt.date(year, 6, 15) and rng.random() < 0.25):
                    final_day = self._pick_day(dt.date(year, 4, 10), dt.date(year, 6, 10))
                if final_day is not None:
                    first = final_day - dt.timedelta(days=rng.randint(7, 21))
                    while first.weekday() >= 5:
                        first -= dt.timedelta(days=1)
                    work = [first, final_day]
                    assessor = self.liaison(c, final_day)
                    at = dt.datetime.combine(final_day, dt.time(rng.randint(10, 18), 0))
                else:
                    lo = (
                        dt.date(year, 3, 1) if today >= dt.date(year, 3, 2) else dt.date(year, 1, 1)
                    )
                    hi = min(today, dt.date(year, 11, 20))
                    work = []
                    if lo <= hi:
                        work = sorted({self._pick_day(lo, hi, weekdays=range(5)) for _ in range(2)})
                    assessor = self.liaison(c, work[-1] if work else today)
                    at = None
                work = [d for d in work if self.liaison(c, d) == assessor]
                self.assessment_plans.append(_AssessmentPlan(c, year, assessor, at, work))

    def _assessments(self) -> None:
        rng = self.rng
        template = self.s.scalars(
            select(AssessmentTemplate).where(
                AssessmentTemplate.name == RUBRIC[0], AssessmentTemplate.version == RUBRIC[1]
            )
        ).one_or_none()
        if template is None:
            raise KnownError(
                f"The rubric “{RUBRIC[0]}” version {RUBRIC[1]} is missing from the database; "
                "demo assessments need it."
            )
        sections = [
            (sec, [(crit, _criterion_kind(crit.code, i)) for i, crit in enumerate(sec.criteria)])
            for sec in template.sections
        ]
        # A cluster's underlying quality follows its maturity; it drifts year on year.
        quality, trend, offsets = [], [], []
        for spec in _CLUSTERS:
            mean = sum(spec.maturity) / len(spec.maturity)
            quality.append(1.0 + 0.6 * (mean - 1) + rng.uniform(-0.2, 0.3))
            if spec.declining:
                trend.append(rng.uniform(-0.35, -0.15))
            elif spec.kind == "pre-cluster":
                trend.append(rng.uniform(0.2, 0.45))
            else:
                trend.append(rng.uniform(-0.1, 0.3))
            offsets.append(
                {
                    crit.id: rng.uniform(-0.7, 0.7)
                    + (0.5 if spec.cross_border and kind == "COOP" else 0)
                    + (-0.4 if spec.kind == "pre-cluster" and kind in ("SMART", "RES") else 0)
                    for _sec, crits in sections
                    for crit, kind in crits
                }
            )

        assessments: list[tuple[Assessment, list[dict[str, Any]], list[dict[str, Any]]]] = []
        for plan in self.assessment_plans:
            c, spec = plan.cluster, _CLUSTERS[plan.cluster]
            k = plan.year - self.years[0]
            final = plan.final is not None
            n_crit = sum(len(crits) for _s, crits in sections)
            n_scored = n_crit if final or rng.random() < 0.3 else rng.randint(6, n_crit - 4)
            ctx: dict[str, int | str] = {"y": plan.year, "py": plan.year - 1}
            a = Assessment(
                cluster_id=self.clusters[c].id,
                plan_year=plan.year,
                version=1,
                template_id=template.id,
                assessor_id=self.officers[plan.assessor].id,
                status="draft",  # finalised below, once its scores are in (final = locked)
                finalised_at=None,
                strengths="",
                weaknesses="",
                recommendations="",
            )
            scored: list[tuple[float, str, str]] = []  # (score, criterion, area)
            scores: list[dict[str, Any]] = []
            notes: list[dict[str, Any]] = []
            index = 0
            for sec, crits in sections:
                area = sec.name.lower()
                ctx["area"] = area
                sec_scores = []
                for crit, kind in crits:
                    index += 1
                    if index > n_scored:
                        continue
                    na = (
                        spec.kind == "pre-cluster" and kind == "EXEC" and k == 0
                    ) or rng.random() < 0.02
                    if na:
                        reason = (
                            "first action plan of the pre-cluster."
                            if kind == "EXEC"
                            else f"no {area} actions of this kind planned this year."
                        )
                        scores.append(
                            {
                                "criterion_id": crit.id,
                                "score": None,
                                "not_applicable": True,
                                "comment": f"Not applicable: {reason}",
                                "evidence": "",
                            }
                        )
                        continue
                    raw = quality[c] + trend[c] * k + offsets[c][crit.id] + rng.gauss(0, 0.45)
                    score = max(0, min(4, round(raw)))
                    scores.append(
                        {
                            "criterion_id": crit.id,
                            "score": score,
                            "not_applicable": False,
                            "comment": _SCORE_COMMENTS[kind][_band(score)].format(**ctx),
                            "evidence": _SCORE_EVIDENCE[kind].format(**ctx),
                        }
                    )
                    sec_scores.append((score, crit.name))
                    scored.append((score, crit.name, area))
                if sec_scores and index <= n_scored:  # the section is complete
                    mean = sum(s for s, _n in sec_scores) / len(sec_scores)
                    weak = _lower_first(min(sec_scores)[1])
                    due_base = plan.final.date() if plan.final else self.today
                    due = _long_date(due_base + dt.timedelta(days=rng.choice((45, 60, 90))))
                    band = _band(mean)
                    notes.append(
                        {
                            "section_id": sec.id,
                            "recommendation": _SECTION_RECOMMENDATIONS[band].format(
                                area=area, weak=weak
                            ),
                            "follow_up": _SECTION_FOLLOW_UPS[band].format(area=area, due=due),
                        }
                    )
            if len(scored) >= 10:
                ranked = sorted(scored, key=lambda t: (-t[0], t[2], t[1]))
                a.strengths = "\n".join(
                    f"- {name} in {area} ({score}/4)."
                    for score, name, area in ranked[:3]
                    if score >= 2
                )
                a.weaknesses = "\n".join(
                    f"- {name} in {area} ({score}/4)."
                    for score, name, area in ranked[::-1][:3]
                    if score <= 2
                )
            if final:
                low = sorted(scored, key=lambda t: (t[0], t[2], t[1]))[:2]
                lines = [f"- Improve {_lower_first(name)} in {area}." for _s, name, area in low]
                if spec.kind == "pre-cluster":
                    lines.append(
                        "- Build the case for full cluster status: members, funding, staff."
                    )
                lines.append(
                    f"- Reflect these recommendations in the {plan.year + 1} action plan and "
                    "report progress at the mid-year board meeting."
                )
                a.recommendations = "\n".join(lines)
            assessments.append((a, scores, notes))
        self.s.add_all(a for a, _s, _n in assessments)
        self.s.flush()
        self._bulk(
            AssessmentScore,
            [{"assessment_id": a.id, **row} for a, scores, _n in assessments for row in scores],
        )
        self._bulk(
            AssessmentSectionNote,
            [{"assessment_id": a.id, **row} for a, _s, notes in assessments for row in notes],
        )
        for (a, _s, _n), plan in zip(assessments, self.assessment_plans, strict=True):
            if plan.final is not None:
                a.status, a.finalised_at = "final", plan.final
        self.s.flush()

    # ------------------------------------------------------------------ maturity
    def _maturity(self) -> None:
        rng, today = self.rng, self.today
        model = self.s.scalars(
            select(MaturityModel).where(
                MaturityModel.name == MATURITY_MODEL[0],
                MaturityModel.version == MATURITY_MODEL[1],
            )
        ).one_or_none()
        if model is None:
            raise KnownError(
                f"The maturity model “{MATURITY_MODEL[0]}” version {MATURITY_MODEL[1]} is missing "
                "from the database; demo maturity profiles need it."
            )
        dims = list(model.dimensions)
        profiles: list[tuple[MaturityProfile, list[int], _ClusterSpec]] = []
        for c, spec in enumerate(_CLUSTERS):
            levels = list(spec.maturity)
            for k, year in enumerate(self.years):
                if k > 0:
                    if spec.declining:
                        up, down = 0.04, 0.12
                    elif spec.kind == "pre-cluster":
                        up, down = 0.25, 0.03
                    else:
                        up, down = 0.15, 0.05
                    for i in range(len(levels)):
                        r = rng.random()
                        if r < up:
                            levels[i] = min(5, levels[i] + 1)
                        elif r < up + down:
                            levels[i] = max(1, levels[i] - 1)
                lo, hi = dt.date(year, 9, 20), min(dt.date(year, 12, 5), today)
                if lo > hi:
                    lo = max(dt.date(year, 1, 1), hi - dt.timedelta(days=30))
                day = self._pick_day(lo, hi, weekdays=range(5))
                mean = sum(levels) / len(levels)
                if spec.declining:
                    stage = "decline_renewal"
                elif mean < 2.2:
                    stage = "emerging"
                elif mean < 3.4:
                    stage = "growth"
                else:
                    stage = "mature"
                weakest = min(range(len(levels)), key=lambda i: (levels[i], i))
                strongest = max(range(len(levels)), key=lambda i: (levels[i], -i))
                notes = (
                    f"Annual maturity review {year}. Stage: {vocab.LIFECYCLE_STAGES[stage].lower()}. "
                    f"Strongest dimension: {_lower_first(dims[strongest].name)} "
                    f"(level {levels[strongest]}); main gap: {_lower_first(dims[weakest].name)} "
                    f"(level {levels[weakest]})."
                )
                if spec.declining:
                    notes += " The board is discussing a renewal strategy."
                profile = MaturityProfile(
                    cluster_id=self.clusters[c].id,
                    model_id=model.id,
                    assessed_on=day,
                    assessor_id=self.officers[self.liaison(c, day)].id,
                    stage=stage,
                    notes=notes,
                )
                profiles.append((profile, list(levels), spec))
        self.s.add_all(p for p, _l, _s in profiles)
        self.s.flush()
        rows = []
        for profile, levels, spec in profiles:
            y = profile.assessed_on.year
            for i, (dim, level) in enumerate(zip(dims, levels, strict=True)):
                note = _MATURITY_NOTES[i][0 if level <= 2 else 1 if level == 3 else 2]
                if i == 0:
                    note = f"{spec.members} members, {spec.sme:.0f}% SMEs, {spec.helix} helix types. {note}"
                elif i == 1:
                    note = f"{spec.fte:g} FTE management team. {note}"
                rows.append(
                    {
                        "profile_id": profile.id,
                        "dimension_id": dim.id,
                        "level": level,
                        "note": note,
                        "evidence": _MATURITY_EVIDENCE[i].format(y=y, py=y - 1),
                    }
                )
        self._bulk(MaturityScore, rows)
        self.n_profiles = len(profiles)
