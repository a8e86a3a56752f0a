# Build the Windows one-folder bundle: dist\fzreview\fzreview.exe (the window, no console)
# and dist\fzreview\fzreview-cli.exe (the command line), then smoke-test it.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1            # a build venv with the deps
#   $env:PYTHON = "C:\path\to\python.exe"; packaging\build.ps1              # an interpreter with deps + pyinstaller
#   packaging\build.ps1 -NoOcr                                              # without the OCR extra
param([switch]$NoOcr)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
$start = Get-Date

if ($env:PYTHON) {
    $py = $env:PYTHON
} else {
    python -m venv build\bundle-venv
    $py = (Resolve-Path build\bundle-venv\Scripts\python.exe).Path
    & $py -m pip install -q --upgrade pip
    $extra = if ($NoOcr) { "." } else { ".[ocr]" }
    # The app's dependencies (the spec stages the app itself from this checkout).
    & $py -m pip install -q $extra pyinstaller
    if ($LASTEXITCODE) { throw "pip install failed" }
    & $py -m pip uninstall -q -y fzreview
}
if ($NoOcr) { $env:FZREVIEW_BUNDLE_OCR = "0" }

Remove-Item -Recurse -Force dist\fzreview -ErrorAction SilentlyContinue
& $py -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller packaging\fzreview.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }
Copy-Item -Recurse packaging\windows dist\fzreview\windows  # register.ps1: Start menu and "Open with"
$built = Get-Date

# Smoke test: `check` on the bundled sample from another folder, then the window until its first paint.
$bundle = (Resolve-Path dist\fzreview).Path
$cli = Join-Path $bundle "fzreview-cli.exe"
$sample = Join-Path $bundle "_internal\fzreview\assets\samples\sample-report.txt"
$smoke = Join-Path $env:TEMP ("fzreview-smoke-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $smoke | Out-Null
Push-Location $smoke
try {
    & $cli check $sample --pdf out.pdf | Out-File -Encoding utf8 check.txt
    if ($LASTEXITCODE) { throw "smoke: check exited $LASTEXITCODE" }
    if (-not (Select-String -Path check.txt -Pattern "覆盖" -Quiet) -or -not (Test-Path out.pdf)) { throw "smoke: check failed" }
    $env:QT_QPA_PLATFORM = "offscreen"; $env:FZREVIEW_SMOKE = "1"; $env:FZREVIEW_RECOVERY_DIR = $smoke
    $gui = & $cli 2>&1 | Out-String
    Remove-Item Env:QT_QPA_PLATFORM, Env:FZREVIEW_SMOKE, Env:FZREVIEW_RECOVERY_DIR
    Write-Host $gui
    if ($gui -notmatch "fzreview smoke: painted") { throw "smoke: the window did not start" }
} finally {
    Pop-Location
    Remove-Item -Recurse -Force $smoke -ErrorAction SilentlyContinue
}

$size = (Get-ChildItem -Recurse $bundle | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("bundle: dist\fzreview  {0:N0} MB" -f $size)
Write-Host ("build time: {0:N0} s  (smoke tests passed)" -f ($built - $start).TotalSeconds)
Write-Host "for users: Compress-Archive dist\fzreview fzreview-windows-x64.zip; then packaging\windows\register.ps1 on their machine"
