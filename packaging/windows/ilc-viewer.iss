; Inno Setup script of the ILC Viewer installer for Windows (Inno Setup 6).
;
; Packs the one-folder program that `packaging/build` makes (dist\ilc-viewer) into one
; setup .exe: installed into Program Files for all users by IT (or into the user's own
; programs folder when the installer is run without administrator rights), a Start menu
; entry, an optional desktop icon, an uninstaller. The program writes nothing in its folder:
; settings go to the registry (HKCU\Software\International Lumbago Clinic), annotations and
; the clinic's phrases to %APPDATA%\ILC Viewer, which uninstalling leaves in place.
;
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\dist\ilc-viewer packaging\windows\ilc-viewer.iss
;
; Built by .github/workflows/windows-bundle.yml; see packaging/README.md for what was and was
; not tried.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\ilc-viewer"
#endif

[Setup]
AppId={{5E0B7C2A-3B7D-4B8E-9C61-1C2F3A9D4E71}
AppName=ILC Viewer
AppVersion={#AppVersion}
AppPublisher=International Lumbago Clinic
DefaultDirName={autopf}\ILC Viewer
DefaultGroupName=ILC Viewer
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=ilc-viewer-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\ILC Viewer.exe
; the folder is the program: nothing else to keep in step with
SetupLogging=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ja"; MessagesFile: "compiler:Languages\Japanese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\ILC Viewer"; Filename: "{app}\ILC Viewer.exe"
Name: "{group}\ILC Viewer self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\ilc-viewer.exe"" --self-test"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallProgram,ILC Viewer}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\ILC Viewer"; Filename: "{app}\ILC Viewer.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\ILC Viewer.exe"; Description: "{cm:LaunchProgram,ILC Viewer}"; Flags: nowait postinstall skipifsilent
