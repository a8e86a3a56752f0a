# Register 法治报告审查台 for the current user (no administrator rights needed):
# a Start-menu shortcut, and the app in the "打开方式 / Open with" list of .json files so
# saved reviews (*.fzreview.json) open in it. Windows associates files by their LAST
# extension only, so *.fzreview.json cannot get a default of its own without taking over
# every .json file; the app is offered for .json and reports (.docx .pdf .txt .ofd) instead.
#
#   powershell -ExecutionPolicy Bypass -File fzreview\windows\register.ps1 [-Exe …\fzreview.exe] [-Remove]
param([string]$Exe = (Join-Path $PSScriptRoot "..\fzreview.exe"), [switch]$Remove)
$ErrorActionPreference = "Stop"
$classes = "HKCU:\Software\Classes"
$progId = "fzreview.review"
$shortcut = Join-Path ([Environment]::GetFolderPath("Programs")) "法治报告审查台.lnk"
$types = ".json", ".docx", ".pdf", ".txt", ".ofd"

if ($Remove) {
    Remove-Item -Recurse -Force "$classes\$progId", "$classes\Applications\fzreview.exe" -ErrorAction SilentlyContinue
    foreach ($t in $types) { Remove-ItemProperty "$classes\$t\OpenWithProgids" -Name $progId -ErrorAction SilentlyContinue }
    Remove-Item $shortcut -ErrorAction SilentlyContinue
    Write-Host "removed"; exit 0
}
$Exe = (Resolve-Path $Exe).Path
$command = "`"$Exe`" `"%1`""
New-Item -Force "$classes\$progId\DefaultIcon" | Out-Null
Set-ItemProperty "$classes\$progId" -Name "(default)" -Value "法治报告审查文件"
Set-ItemProperty "$classes\$progId\DefaultIcon" -Name "(default)" -Value "`"$Exe`",0"
New-Item -Force "$classes\$progId\shell\open\command" | Out-Null
Set-ItemProperty "$classes\$progId\shell\open\command" -Name "(default)" -Value $command
New-Item -Force "$classes\Applications\fzreview.exe\shell\open\command" | Out-Null
Set-ItemProperty "$classes\Applications\fzreview.exe" -Name "FriendlyAppName" -Value "法治报告审查台"
Set-ItemProperty "$classes\Applications\fzreview.exe\shell\open\command" -Name "(default)" -Value $command
New-Item -Force "$classes\Applications\fzreview.exe\SupportedTypes" | Out-Null
foreach ($t in $types) {
    New-Item -Force "$classes\$t\OpenWithProgids" | Out-Null
    New-ItemProperty -Force "$classes\$t\OpenWithProgids" -Name $progId -Value "" -PropertyType String | Out-Null
    New-ItemProperty -Force "$classes\Applications\fzreview.exe\SupportedTypes" -Name $t -Value "" -PropertyType String | Out-Null
}
$shell = New-Object -ComObject WScript.Shell
$link = $shell.CreateShortcut($shortcut)
$link.TargetPath = $Exe
$link.IconLocation = "$Exe,0"
$link.Save()
Write-Host "registered $Exe (Start menu: 法治报告审查台; Open with: .json .docx .pdf .txt .ofd)"
