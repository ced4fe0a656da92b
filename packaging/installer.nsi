; NSIS installer for 年报助手: one per-user setup.exe, no admin rights, Chinese pages.
;
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DDIST=<dist>/nianbao -DOUTFILE=<setup.exe> -DROOT=<repo> \
;            packaging/installer.nsi
;
; VERSION comes from pyproject.toml (build-windows.sh reads it). DIST is the PyInstaller one-folder build.
; Upgrades: a newer setup.exe installs over the old one; it replaces nianbao.exe and _internal\ only,
; and never touches the user's projects (wherever saved) or settings (%APPDATA% INI written by the app).

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
SetCompressorDictSize 32
RequestExecutionLevel user
ManifestDPIAware true
ManifestSupportedOS all

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef DIST
  !error "pass -DDIST=path/to/dist/nianbao"
!endif
!ifndef OUTFILE
  !define OUTFILE "nianbao-${VERSION}-setup.exe"
!endif
!ifndef ROOT
  !define ROOT ".."
!endif

!define APPNAME "年报助手"
!define APPKEY "Nianbao"
!define EXE "nianbao.exe"
!define PROGID "Nianbao.Project"
!define PUBLISHER "年报助手"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"
!define APPKEYPATH "Software\${APPKEY}"

; VIProductVersion needs four numbers: 0.1.0 -> 0.1.0.0 (a suffix like "rc1" is dropped).
!searchparse /noerrors "${VERSION}" "" V_MAJOR "." V_MINOR "." V_PATCH
!ifndef V_MAJOR
  !define V_MAJOR 0
!endif
!ifndef V_MINOR
  !define V_MINOR 0
!endif
!ifndef V_PATCH
  !define V_PATCH 0
!endif
!searchparse /noerrors "${V_PATCH}" "" V_PATCH_NUM "rc"
!ifdef V_PATCH_NUM
  !define V_FOUR "${V_MAJOR}.${V_MINOR}.${V_PATCH_NUM}.0"
!else
  !define V_FOUR "${V_MAJOR}.${V_MINOR}.${V_PATCH}.0"
!endif

Name "${APPNAME} ${VERSION}"
Caption "${APPNAME} ${VERSION} 安装程序"
BrandingText "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPKEY}"
InstallDirRegKey HKCU "${APPKEYPATH}" "InstallDir"
ShowInstDetails show
ShowUninstDetails show

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"
!include "Integration.nsh"

!define MUI_ICON "${ROOT}\resources\icons\nianbao.ico"
!define MUI_UNICON "${ROOT}\resources\icons\nianbao.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "欢迎安装 ${APPNAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "${APPNAME}用于填报、校验和导出政府信息公开工作年度报告。$\r$\n$\r$\n本程序只为当前用户安装，不需要管理员权限。升级安装会保留您的项目文件和设置。$\r$\n$\r$\n单击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "运行 ${APPNAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${V_FOUR}"
VIFileVersion "${V_FOUR}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APPNAME} ${VERSION} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "${PUBLISHER}"

Function .onInit
  ; Qt 6 needs the icuuc.dll that Windows ships since Windows 10 1703 (build 15063).
  ${IfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} 15063
    MessageBox MB_ICONSTOP|MB_OK "${APPNAME}需要 64 位 Windows 10（1703 版）或更高版本。" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Section "${APPNAME}" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; Upgrade: drop the previous program files so no stale DLL or module stays behind.
  ; Only what the installer itself put there is removed; user files in $INSTDIR stay.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  File /r "${DIST}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts (per user).
  CreateShortCut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortCut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKCU "${APPKEYPATH}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${APPKEYPATH}" "Version" "${VERSION}"

  ; Programs and Features entry (per user).
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"

  ; "Open with 年报助手" for project files (.json), per user. All .json files are NOT taken over:
  ; the app is only added to the "Open with" list of .json.
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "${APPNAME}项目"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "FriendlyTypeName" "${APPNAME}项目"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open" "FriendlyAppName" "${APPNAME}"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  WriteRegNone HKCU "Software\Classes\.json\OpenWithProgids" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}" "FriendlyAppName" "${APPNAME}"
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}\SupportedTypes" ".json" ""
  WriteRegStr HKCU "Software\Classes\Applications\${EXE}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  ${NotifyShell_AssocChanged}
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\uninstall.exe"
  ; Removed only if empty: projects a user saved here stay.
  RMDir "$INSTDIR"

  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${APPKEYPATH}"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  DeleteRegValue HKCU "Software\Classes\.json\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty HKCU "Software\Classes\.json\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "Software\Classes\.json"
  DeleteRegKey HKCU "Software\Classes\Applications\${EXE}"
  ; The app's own settings (%APPDATA%, INI) are kept, so a reinstall finds them.
  ${NotifyShell_AssocChanged}
SectionEnd
