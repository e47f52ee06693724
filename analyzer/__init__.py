"""kmodlint's engine: discover files, parse once, extract facts, run rules, report."""
