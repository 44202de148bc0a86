; ClusterDesk Windows installer (NSIS 3, Modern UI 2).
;
; Per-user install, no administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\ClusterDesk and is registered under HKCU only.
; The user's data (database, backups, settings, logs) lives in the platformdirs folder
; %LOCALAPPDATA%\SPRI\ClusterDesk (app/config.py: user_data_dir("ClusterDesk", "SPRI")).
; Neither the installer nor the uninstaller ever touches that folder.
;
; Build (see README.md next to this file, or build.sh on Linux):
;   makensis /DVERSION=0.1.0 /DDIST_DIR=C:\src\clusterdesk\dist\clusterdesk
;            /DICON=C:\src\clusterdesk\build\icons\clusterdesk.ico
;            /DOUTFILE=C:\src\clusterdesk\dist\ClusterDesk-0.1.0-setup.exe
;            installer\windows\clusterdesk.nsi
;   Optional: /DCOMPRESSOR=zlib (default lzma) for quick compile checks.
;
; This file is UTF-8 with a byte-order mark (makensis needs the BOM to read the Spanish and
; Basque strings correctly): keep it when editing.

Unicode true

;--------------------------------------------------------------------------------------------
; Required defines

!macro _CD_REQUIRE NAME HINT
  !ifndef ${NAME}
    !error "Missing define ${NAME} (${HINT}). Usage: makensis /DVERSION=0.1.0 /DDIST_DIR=dist\clusterdesk /DICON=build\icons\clusterdesk.ico /DOUTFILE=dist\ClusterDesk-0.1.0-setup.exe clusterdesk.nsi"
  !endif
  !if "${${NAME}}" == ""
    !error "Define ${NAME} is empty (${HINT})."
  !endif
!macroend
!insertmacro _CD_REQUIRE VERSION "application version from pyproject.toml, e.g. 0.1.0"
!insertmacro _CD_REQUIRE DIST_DIR "the PyInstaller bundle folder holding ClusterDesk.exe and _internal"
!insertmacro _CD_REQUIRE ICON "path to the application .ico"
!insertmacro _CD_REQUIRE OUTFILE "path of the installer .exe to write"

!if ! /FileExists "${DIST_DIR}\ClusterDesk.exe"
  !error "DIST_DIR=${DIST_DIR} has no ClusterDesk.exe: point it at the PyInstaller bundle folder (dist\clusterdesk)."
!endif
!if ! /FileExists "${DIST_DIR}\_internal\*"
  !error "DIST_DIR=${DIST_DIR} has no _internal folder: point it at the PyInstaller onedir bundle (dist\clusterdesk)."
!endif
!if ! /FileExists "${ICON}"
  !error "ICON=${ICON} does not exist."
!endif

!ifndef COMPRESSOR
  !define COMPRESSOR lzma
!endif

; VIProductVersion needs four numbers: X.Y.Z.0 from VERSION (a suffix such as "rc1" is dropped,
; missing parts count as 0).
!define _CD_V1 0
!define _CD_V2 0
!define _CD_V3 0
!searchparse /noerrors "${VERSION}." "" _CD_V1 "." _CD_V2 "." _CD_V3 "."
!define /redef /math _CD_V1 "${_CD_V1}" + 0
!define /redef /math _CD_V2 "${_CD_V2}" + 0
!define /redef /math _CD_V3 "${_CD_V3}" + 0
!define VERSION4 "${_CD_V1}.${_CD_V2}.${_CD_V3}.0"
!if "${VERSION4}" == "0.0.0.0"
  !searchparse /noerrors "${VERSION}" "0" _CD_ZERO_OK
  !ifndef _CD_ZERO_OK
    !error "VERSION=${VERSION} does not look like a version number (expected X.Y.Z)."
  !endif
!endif

;--------------------------------------------------------------------------------------------
; General

!define APP_NAME "ClusterDesk"
!define APP_EXE "ClusterDesk.exe"
!define APP_ICO "clusterdesk.ico"
!define PUBLISHER "SPRI"
!define UNINSTALLER "Uninstall ClusterDesk.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\ClusterDesk"
!define SM_FOLDER "ClusterDesk"
; The data folder, as platformdirs computes it on Windows. Used only to refuse installing into
; it and in messages; never written, never deleted.
!define DATA_DIR_REL "SPRI\ClusterDesk"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\ClusterDesk"
RequestExecutionLevel user
ManifestDPIAware true
ManifestSupportedOS all
SetCompressor /SOLID ${COMPRESSOR}
!if "${COMPRESSOR}" == "lzma"
  SetCompressorDictSize 32
!endif
BrandingText "${APP_NAME} ${VERSION} - ${PUBLISHER}"
ShowInstDetails show
ShowUninstDetails show

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"

Var PrevVersion   ; DisplayVersion of the registered install, "" if none
Var PrevLocation  ; its InstallLocation, "" if none (or if its program is gone)
Var UpgradeNote   ; sentence for the welcome page, "" on a fresh install
Var Downgrade     ; "1" when the registered install is newer than this installer

;--------------------------------------------------------------------------------------------
; Modern UI

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC

; Language strings follow the language picked in .onInit only once .onInit has returned, so
; the messages that need them (upgrade note, downgrade question) come from .onGUIInit.
!define MUI_CUSTOMFUNCTION_GUIINIT CD_OnGuiInit

!define MUI_WELCOMEPAGE_TEXT "$(CD_WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipDirectoryOnUpgrade
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(CD_UnConfirmTop)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_UNPAGE_FINISH

; The first language is the default when the system language is none of these.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Spanish"
!insertmacro MUI_LANGUAGE "Basque"
!insertmacro MUI_RESERVEFILE_LANGDLL

;--------------------------------------------------------------------------------------------
; Texts. Spanish and Basque: please have a native speaker review before a public release.
; Windows draws the MessageBox buttons (Retry/Cancel, Yes/No) in the language of Windows, not
; in the installer's language, so the texts do not name them in Basque.

LangString CD_WelcomeText ${LANG_ENGLISH} "Setup will install ${APP_NAME} ${VERSION} for your Windows user account only. No administrator rights are needed.$\r$\n$\r$\n$UpgradeNote$(CD_WelcomeData)$\r$\n$\r$\n$_CLICK"
LangString CD_WelcomeData ${LANG_ENGLISH} "Your data (database, backups, settings) stays in %LOCALAPPDATA%\${DATA_DIR_REL}: Setup never changes or deletes it.$\r$\n$\r$\nPlease close ${APP_NAME} before continuing."
LangString CD_WelcomeText ${LANG_SPANISH} "El asistente instalará ${APP_NAME} ${VERSION} solo para su cuenta de usuario de Windows. No se necesitan permisos de administrador.$\r$\n$\r$\n$UpgradeNote$(CD_WelcomeData)$\r$\n$\r$\n$_CLICK"
LangString CD_WelcomeData ${LANG_SPANISH} "Sus datos (base de datos, copias de seguridad, ajustes) se quedan en %LOCALAPPDATA%\${DATA_DIR_REL}: el asistente nunca los modifica ni los borra.$\r$\n$\r$\nCierre ${APP_NAME} antes de continuar."
LangString CD_WelcomeText ${LANG_BASQUE} "Instalazio programak ${APP_NAME} ${VERSION} zure Windows erabiltzaile-konturako bakarrik instalatuko du. Ez da administratzaile baimenik behar.$\r$\n$\r$\n$UpgradeNote$(CD_WelcomeData)$\r$\n$\r$\n$_CLICK"
LangString CD_WelcomeData ${LANG_BASQUE} "Zure datuak (datu-basea, babeskopiak, ezarpenak) %LOCALAPPDATA%\${DATA_DIR_REL} karpetan geratzen dira: instalazio programak ez ditu inoiz aldatzen ez ezabatzen.$\r$\n$\r$\nItxi ${APP_NAME} jarraitu aurretik."

; $PrevVersion and $INSTDIR are filled in when the text is shown.
LangString CD_UpgradeNote ${LANG_ENGLISH} "${APP_NAME} $PrevVersion is already installed in $INSTDIR. Setup will replace its program files with version ${VERSION}.$\r$\n$\r$\n"
LangString CD_UpgradeNote ${LANG_SPANISH} "${APP_NAME} $PrevVersion ya está instalado en $INSTDIR. El asistente sustituirá sus archivos de programa por la versión ${VERSION}.$\r$\n$\r$\n"
LangString CD_UpgradeNote ${LANG_BASQUE} "${APP_NAME} $PrevVersion dagoeneko instalatuta dago $INSTDIR karpetan. Instalazio programak bere programa-fitxategiak ${VERSION} bertsioarekin ordeztuko ditu.$\r$\n$\r$\n"

LangString CD_Downgrade ${LANG_ENGLISH} "A newer version of ${APP_NAME} ($PrevVersion) is installed. You are about to replace it with the older version ${VERSION}.$\r$\n$\r$\nYour data is kept, but an older version may be unable to open a database that the newer version has already upgraded.$\r$\n$\r$\nInstall the older version ${VERSION} anyway?"
LangString CD_Downgrade ${LANG_SPANISH} "Hay instalada una versión más reciente de ${APP_NAME} ($PrevVersion). Está a punto de sustituirla por la versión anterior ${VERSION}.$\r$\n$\r$\nSus datos se conservan, pero es posible que una versión anterior no pueda abrir una base de datos que la versión más reciente ya ha actualizado.$\r$\n$\r$\n¿Instalar de todos modos la versión anterior ${VERSION}?"
LangString CD_Downgrade ${LANG_BASQUE} "${APP_NAME}-ren bertsio berriago bat ($PrevVersion) dago instalatuta. ${VERSION} bertsio zaharragoarekin ordeztera zoaz.$\r$\n$\r$\nZure datuak gorde egiten dira, baina baliteke bertsio zaharrago batek ezin irekitzea bertsio berriagoak dagoeneko eguneratu duen datu-basea.$\r$\n$\r$\n${VERSION} bertsio zaharragoa instalatu hala ere?"

LangString CD_AppRunning ${LANG_ENGLISH} "${APP_NAME} is running (or one of its files is in use), so its program files in $INSTDIR cannot be replaced.$\r$\n$\r$\nClose ${APP_NAME} and click Retry.$\r$\nClick Cancel to stop; nothing has been changed."
LangString CD_AppRunning ${LANG_SPANISH} "${APP_NAME} está abierto (o alguno de sus archivos está en uso), así que no se pueden sustituir sus archivos de programa en $INSTDIR.$\r$\n$\r$\nCierre ${APP_NAME} y pulse Reintentar.$\r$\nPulse Cancelar para detener la instalación; no se ha cambiado nada."
LangString CD_AppRunning ${LANG_BASQUE} "${APP_NAME} irekita dago (edo bere fitxategiren bat erabiltzen ari da), eta ezin dira ordeztu $INSTDIR karpetako programa-fitxategiak.$\r$\n$\r$\nItxi ${APP_NAME} eta saiatu berriro.$\r$\nBestela, utzi instalazioa; ez da ezer aldatu."

LangString CD_UnAppRunning ${LANG_ENGLISH} "${APP_NAME} is running (or one of its files is in use), so it cannot be removed.$\r$\n$\r$\nClose ${APP_NAME} and click Retry.$\r$\nClick Cancel to stop."
LangString CD_UnAppRunning ${LANG_SPANISH} "${APP_NAME} está abierto (o alguno de sus archivos está en uso), así que no se puede desinstalar.$\r$\n$\r$\nCierre ${APP_NAME} y pulse Reintentar.$\r$\nPulse Cancelar para detener la desinstalación."
LangString CD_UnAppRunning ${LANG_BASQUE} "${APP_NAME} irekita dago (edo bere fitxategiren bat erabiltzen ari da), eta ezin da ezabatu.$\r$\n$\r$\nItxi ${APP_NAME} eta saiatu berriro.$\r$\nBestela, utzi ezabaketa."

LangString CD_FilesInUse ${LANG_ENGLISH} "Some program files in $INSTDIR are still in use and could not be removed.$\r$\n$\r$\nClose ${APP_NAME} (and any window it opened) and click Retry.$\r$\nIf you click Cancel, run this program again later to finish. Your data is not affected."
LangString CD_FilesInUse ${LANG_SPANISH} "Algunos archivos de programa de $INSTDIR siguen en uso y no se han podido borrar.$\r$\n$\r$\nCierre ${APP_NAME} (y cualquier ventana que haya abierto) y pulse Reintentar.$\r$\nSi pulsa Cancelar, vuelva a ejecutar este programa más tarde para terminar. Sus datos no se ven afectados."
LangString CD_FilesInUse ${LANG_BASQUE} "$INSTDIR karpetako programa-fitxategi batzuk erabiltzen ari dira oraindik, eta ezin izan dira ezabatu.$\r$\n$\r$\nItxi ${APP_NAME} (eta ireki dituen leiho guztiak) eta saiatu berriro.$\r$\nBertan behera uzten baduzu, exekutatu programa hau berriro geroago amaitzeko. Zure datuak ez dira ukitzen."

LangString CD_Stopped ${LANG_ENGLISH} "Stopped: ${APP_NAME} is still running. Close it and run this program again."
LangString CD_Stopped ${LANG_SPANISH} "Detenido: ${APP_NAME} sigue abierto. Ciérrelo y vuelva a ejecutar este programa."
LangString CD_Stopped ${LANG_BASQUE} "Geldituta: ${APP_NAME} irekita dago oraindik. Itxi eta exekutatu programa hau berriro."

LangString CD_PartlyRemoved ${LANG_ENGLISH} "Some program files in $INSTDIR could not be removed. Close ${APP_NAME} and run this program again to finish. Your data was not touched."
LangString CD_PartlyRemoved ${LANG_SPANISH} "No se han podido borrar algunos archivos de programa de $INSTDIR. Cierre ${APP_NAME} y vuelva a ejecutar este programa para terminar. Sus datos no se han tocado."
LangString CD_PartlyRemoved ${LANG_BASQUE} "Ezin izan dira $INSTDIR karpetako programa-fitxategi batzuk ezabatu. Itxi ${APP_NAME} eta exekutatu programa hau berriro amaitzeko. Zure datuak ez dira ukitu."

LangString CD_DataDirRefused ${LANG_ENGLISH} "$INSTDIR is ${APP_NAME}'s data folder (or inside it). Choose another folder for the program, for example $LOCALAPPDATA\Programs\ClusterDesk."
LangString CD_DataDirRefused ${LANG_SPANISH} "$INSTDIR es la carpeta de datos de ${APP_NAME} (o está dentro de ella). Elija otra carpeta para el programa, por ejemplo $LOCALAPPDATA\Programs\ClusterDesk."
LangString CD_DataDirRefused ${LANG_BASQUE} "$INSTDIR ${APP_NAME}-ren datu-karpeta da (edo haren barruan dago). Aukeratu beste karpeta bat programarentzat, adibidez $LOCALAPPDATA\Programs\ClusterDesk."

; The label on the uninstall confirmation page holds about three lines: keep these short.
LangString CD_UnConfirmTop ${LANG_ENGLISH} "${APP_NAME} will be removed from this computer. Your data (database, backups, settings) in %LOCALAPPDATA%\${DATA_DIR_REL} is kept. Click Uninstall to continue."
LangString CD_UnConfirmTop ${LANG_SPANISH} "${APP_NAME} se desinstalará de este equipo. Sus datos (base de datos, copias de seguridad, ajustes) en %LOCALAPPDATA%\${DATA_DIR_REL} se conservan. Pulse Desinstalar para continuar."
LangString CD_UnConfirmTop ${LANG_BASQUE} "${APP_NAME} ordenagailu honetatik ezabatuko da. Zure datuak (datu-basea, babeskopiak, ezarpenak) %LOCALAPPDATA%\${DATA_DIR_REL} karpetan gordeko dira. Sakatu Ezabatu jarraitzeko."

LangString CD_DataKept ${LANG_ENGLISH} "Your data in $LOCALAPPDATA\${DATA_DIR_REL} was kept."
LangString CD_DataKept ${LANG_SPANISH} "Sus datos en $LOCALAPPDATA\${DATA_DIR_REL} se han conservado."
LangString CD_DataKept ${LANG_BASQUE} "$LOCALAPPDATA\${DATA_DIR_REL} karpetako zure datuak gorde dira."

LangString CD_SecMain ${LANG_ENGLISH} "${APP_NAME} (required)"
LangString CD_SecMain ${LANG_SPANISH} "${APP_NAME} (obligatorio)"
LangString CD_SecMain ${LANG_BASQUE} "${APP_NAME} (derrigorrezkoa)"
LangString CD_SecMainDesc ${LANG_ENGLISH} "The program and its Start menu shortcut."
LangString CD_SecMainDesc ${LANG_SPANISH} "El programa y su acceso directo en el menú Inicio."
LangString CD_SecMainDesc ${LANG_BASQUE} "Programa eta Hasiera menuko lasterbidea."
LangString CD_SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString CD_SecDesktop ${LANG_SPANISH} "Acceso directo en el escritorio"
LangString CD_SecDesktop ${LANG_BASQUE} "Mahaigaineko lasterbidea"
LangString CD_SecDesktopDesc ${LANG_ENGLISH} "Put a ${APP_NAME} shortcut on the desktop."
LangString CD_SecDesktopDesc ${LANG_SPANISH} "Crear un acceso directo a ${APP_NAME} en el escritorio."
LangString CD_SecDesktopDesc ${LANG_BASQUE} "Sortu ${APP_NAME}-ren lasterbide bat mahaigainean."

; The Start-menu uninstaller link is named in the install language; every variant is removed
; on reinstall and uninstall, so a change of language leaves no stale link behind.
!define UNINST_LNK_EN "Uninstall ${APP_NAME}"
!define UNINST_LNK_ES "Desinstalar ${APP_NAME}"
!define UNINST_LNK_EU "Ezabatu ${APP_NAME}"
LangString CD_UninstallLink ${LANG_ENGLISH} "${UNINST_LNK_EN}"
LangString CD_UninstallLink ${LANG_SPANISH} "${UNINST_LNK_ES}"
LangString CD_UninstallLink ${LANG_BASQUE} "${UNINST_LNK_EU}"
!macro _CD_DELETE_START_MENU
  Delete "$SMPROGRAMS\${SM_FOLDER}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${SM_FOLDER}\${UNINST_LNK_EN}.lnk"
  Delete "$SMPROGRAMS\${SM_FOLDER}\${UNINST_LNK_ES}.lnk"
  Delete "$SMPROGRAMS\${SM_FOLDER}\${UNINST_LNK_EU}.lnk"
!macroend

;--------------------------------------------------------------------------------------------
; Version information of the installer .exe

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
!macro _CD_VERSION_KEYS LANG
  VIAddVersionKey /LANG=${LANG} "ProductName" "${APP_NAME}"
  VIAddVersionKey /LANG=${LANG} "CompanyName" "${PUBLISHER}"
  VIAddVersionKey /LANG=${LANG} "FileDescription" "${APP_NAME} ${VERSION} Setup"
  VIAddVersionKey /LANG=${LANG} "FileVersion" "${VERSION}"
  VIAddVersionKey /LANG=${LANG} "ProductVersion" "${VERSION}"
  VIAddVersionKey /LANG=${LANG} "LegalCopyright" "${PUBLISHER}"
!macroend
!insertmacro _CD_VERSION_KEYS ${LANG_ENGLISH}
!insertmacro _CD_VERSION_KEYS ${LANG_SPANISH}
!insertmacro _CD_VERSION_KEYS ${LANG_BASQUE}

;--------------------------------------------------------------------------------------------
; Removing the program files of an install (shared by the installer, for upgrades, and the
; uninstaller). Only what the installer puts there is removed, never the folder recursively:
; if someone installed into a folder holding other files, those stay.
;
; A running ClusterDesk.exe cannot be opened for writing, so that is checked first, before
; anything is deleted; the user is asked to close it (Retry/Cancel). In silent mode the answer
; is Cancel. Result in $R9: "ok" or "cancel".

!macro _CD_REMOVE_PROGRAM_FILES UN MSG
Function ${UN}RemoveProgramFiles
  Push $R0
  StrCpy $R9 "ok"

  check_running:
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
    ClearErrors
    FileOpen $R0 "$INSTDIR\${APP_EXE}" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(${MSG})" /SD IDCANCEL IDRETRY check_running
      StrCpy $R9 "cancel"
      Goto done
    ${EndIf}
    FileClose $R0
  ${EndIf}

  remove:
  ; Only a folder that holds ClusterDesk (its exe or its uninstaller) loses its _internal:
  ; a first install into a folder of another PyInstaller program leaves that program alone.
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
  ${OrIf} ${FileExists} "$INSTDIR\${UNINSTALLER}"
    Delete "$INSTDIR\${APP_EXE}"
    RMDir /r "$INSTDIR\_internal"
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
  ${OrIf} ${FileExists} "$INSTDIR\_internal\*"
    ; Something still holds a file (the check above makes this rare): part of the old
    ; program may already be gone, so the message says how to finish.
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(CD_FilesInUse)" /SD IDCANCEL IDRETRY remove
    DetailPrint "$(CD_PartlyRemoved)"
    StrCpy $R9 "cancel"
    Goto done
  ${EndIf}
  Delete "$INSTDIR\${APP_ICO}"
  Delete "$INSTDIR\${UNINSTALLER}"

  done:
  Pop $R0
FunctionEnd
!macroend
!insertmacro _CD_REMOVE_PROGRAM_FILES "" CD_AppRunning
!insertmacro _CD_REMOVE_PROGRAM_FILES "un." CD_UnAppRunning

;--------------------------------------------------------------------------------------------
; Installer sections

Section "$(CD_SecMain)" SecMain
  SectionIn RO
  SetShellVarContext current

  Call CheckInstDirAllowed
  ${If} $R9 != "ok"
    DetailPrint "$(CD_DataDirRefused)"
    MessageBox MB_OK|MB_ICONSTOP "$(CD_DataDirRefused)" /SD IDOK
    SetErrorLevel 2
    Abort
  ${EndIf}

  ; Upgrade / reinstall: remove the previous program files first, so that no DLL of the old
  ; version lingers in _internal. The data folder is elsewhere and is not touched.
  Call RemoveProgramFiles
  ${If} $R9 != "ok"
    DetailPrint "$(CD_Stopped)"
    SetErrorLevel 2
    Abort
  ${EndIf}

  SetOutPath "$INSTDIR"
  File "${DIST_DIR}\${APP_EXE}"
  File /r "${DIST_DIR}\_internal"
  File "/oname=${APP_ICO}" "${ICON}"

  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  ; Start menu: a ClusterDesk folder with the program and its uninstaller.
  !insertmacro _CD_DELETE_START_MENU
  CreateDirectory "$SMPROGRAMS\${SM_FOLDER}"
  CreateShortcut "$SMPROGRAMS\${SM_FOLDER}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_ICO}" 0
  CreateShortcut "$SMPROGRAMS\${SM_FOLDER}\$(CD_UninstallLink).lnk" "$INSTDIR\${UNINSTALLER}" "" "$INSTDIR\${UNINSTALLER}" 0
SectionEnd

Section /o "$(CD_SecDesktop)" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_ICO}" 0
SectionEnd

Section "-Register"
  SetShellVarContext current

  ; An unticked desktop shortcut on an upgrade means "remove it" (it was pre-ticked if present).
  ${IfNot} ${SectionIsSelected} ${SecDesktop}
    Delete "$DESKTOP\${APP_NAME}.lnk"
  ${EndIf}

  ; Uninstall entry (Settings > Apps), per user.
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_ICO}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "VersionMajor" ${_CD_V1}
  WriteRegDWORD HKCU "${UNINST_KEY}" "VersionMinor" ${_CD_V2}
  SectionGetSize ${SecMain} $0   ; KB, what the main section installs
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
  ; The language picked in the language dialog: reused by the uninstaller and the next upgrade.
  ; Kept in this key so that the uninstaller removes it with the rest.
  WriteRegStr HKCU "${UNINST_KEY}" "InstallerLanguage" $LANGUAGE
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "$(CD_SecMainDesc)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "$(CD_SecDesktopDesc)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

;--------------------------------------------------------------------------------------------
; Installer functions

Function .onInit
  SetShellVarContext current

  ; Language: the one used last time, else ask (the dialog proposes the Windows language;
  ; silent installs take the Windows language without asking).
  ReadRegStr $0 HKCU "${UNINST_KEY}" "InstallerLanguage"
  ${If} $0 != ""
    StrCpy $LANGUAGE $0
  ${Else}
    !insertmacro MUI_LANGDLL_DISPLAY
  ${EndIf}

  StrCpy $UpgradeNote ""
  StrCpy $Downgrade ""
  ReadRegStr $PrevVersion HKCU "${UNINST_KEY}" "DisplayVersion"
  ReadRegStr $PrevLocation HKCU "${UNINST_KEY}" "InstallLocation"
  ${If} $PrevLocation != ""
  ${AndIf} ${FileExists} "$PrevLocation\${APP_EXE}"
    ; Upgrade in place: the registered location wins (also over /D=), so that the old
    ; program files are the ones replaced. To move ClusterDesk, uninstall it first.
    StrCpy $INSTDIR $PrevLocation
    ${If} ${FileExists} "$DESKTOP\${APP_NAME}.lnk"
      !insertmacro SelectSection ${SecDesktop}
    ${EndIf}
    ${If} $PrevVersion != ""
      Call CompareWithPrevVersion
      ${If} $0 == 2   ; the installed version is newer: a downgrade
        StrCpy $Downgrade "1"
        ${If} ${Silent}
          ; No one to ask: silent downgrades only with /ALLOWDOWNGRADE on the command line.
          ${GetParameters} $1
          ClearErrors
          ${GetOptions} $1 "/ALLOWDOWNGRADE" $2
          ${If} ${Errors}
            SetErrorLevel 2
            Quit
          ${EndIf}
        ${EndIf}
      ${EndIf}
    ${EndIf}
  ${Else}
    StrCpy $PrevLocation ""
  ${EndIf}
FunctionEnd

; Called by MUI2's .onGUIInit (not in silent mode), once the chosen language is active.
Function CD_OnGuiInit
  ${If} $PrevLocation != ""
    StrCpy $UpgradeNote "$(CD_UpgradeNote)"
  ${EndIf}
  ${If} $Downgrade == "1"
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(CD_Downgrade)" IDYES downgrade_confirmed
    SetErrorLevel 1
    Quit
    downgrade_confirmed:
  ${EndIf}
FunctionEnd

; $0 = 0 if $PrevVersion is this version, 1 if this installer is newer, 2 if the installed one is.
; Both are compared as X.Y.Z numbers, the way VERSION4 is derived: a suffix ("rc1", ".dev2") is
; ignored, so 0.2.0rc1 -> 0.2.0 is a reinstall, not a downgrade.
Function CompareWithPrevVersion
  Push $1   ; the rest of $PrevVersion
  Push $2   ; scan position
  Push $3   ; character, then the installed component
  Push $4   ; this installer's component
  Push $5   ; component index 0..2
  StrCpy $0 0
  StrCpy $1 $PrevVersion
  StrCpy $5 0
  next_component:
    StrCpy $2 0
    scan:
      StrCpy $3 $1 1 $2
      StrCmp $3 "" cut
      StrCmp $3 "." cut
      IntOp $2 $2 + 1
      Goto scan
    cut:
    StrCpy $3 $1 $2       ; e.g. "0rc1"
    IntOp $3 $3 + 0       ; its leading number ("" -> 0)
    IntOp $2 $2 + 1
    StrCpy $1 $1 "" $2
    ${If} $5 == 0
      StrCpy $4 ${_CD_V1}
    ${ElseIf} $5 == 1
      StrCpy $4 ${_CD_V2}
    ${Else}
      StrCpy $4 ${_CD_V3}
    ${EndIf}
    IntCmp $4 $3 same installed_newer this_newer
    same:
    IntOp $5 $5 + 1
    IntCmp $5 3 done next_component done
  this_newer:
    StrCpy $0 1
    Goto done
  installed_newer:
    StrCpy $0 2
  done:
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $1
FunctionEnd

Function SkipDirectoryOnUpgrade
  ${If} $PrevLocation != ""
    Abort   ; skips the page: an upgrade goes where the previous version is
  ${EndIf}
FunctionEnd

; $R9 = "ok" unless $INSTDIR is the data folder or inside it.
Function CheckInstDirAllowed
  Push $0
  Push $1
  Push $2
  StrCpy $R9 "ok"
  StrCpy $0 "$LOCALAPPDATA\${DATA_DIR_REL}"
  StrLen $1 $0
  StrCpy $2 $INSTDIR $1
  ${If} $2 == $0   ; case-insensitive
    StrCpy $2 $INSTDIR 1 $1
    ${If} $2 == ""
    ${OrIf} $2 == "\"
      StrCpy $R9 "refused"
    ${EndIf}
  ${EndIf}
  Pop $2
  Pop $1
  Pop $0
FunctionEnd

Function .onVerifyInstDir
  Push $R9
  Call CheckInstDirAllowed
  ${If} $R9 != "ok"
    Pop $R9
    Abort   ; greys out Next on the directory page
  ${EndIf}
  Pop $R9
FunctionEnd

;--------------------------------------------------------------------------------------------
; Uninstaller

Function un.onInit
  SetShellVarContext current
  ReadRegStr $0 HKCU "${UNINST_KEY}" "InstallerLanguage"
  ${If} $0 != ""
    StrCpy $LANGUAGE $0   ; the install's language; otherwise the Windows language
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext current

  Call un.RemoveProgramFiles
  ${If} $R9 != "ok"
    DetailPrint "$(CD_Stopped)"
    SetErrorLevel 2
    Abort
  ${EndIf}
  RMDir "$INSTDIR"   ; only if empty: anything else somebody put there stays

  ; Shortcuts and the uninstall entry belong to the registered install: leave them alone if
  ; this uninstaller is a stale copy from another folder.
  ReadRegStr $0 HKCU "${UNINST_KEY}" "InstallLocation"
  ${If} $0 == ""
  ${OrIf} $0 == $INSTDIR
    !insertmacro _CD_DELETE_START_MENU
    RMDir "$SMPROGRAMS\${SM_FOLDER}"
    Delete "$DESKTOP\${APP_NAME}.lnk"
    DeleteRegKey HKCU "${UNINST_KEY}"
  ${EndIf}

  ; The data folder (%LOCALAPPDATA%\SPRI\ClusterDesk) is deliberately not touched.
  DetailPrint "$(CD_DataKept)"
SectionEnd
