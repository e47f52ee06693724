NAME = "kmodlint"
VERSION = "0.1.0"
INFORMATION_URI = "https://github.com/kmodlint/kmodlint"
