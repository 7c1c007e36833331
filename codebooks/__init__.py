"""The codebooks shipped with kiicode, importable as `kiicode.codebooks`
(see setup.py): `cpc_peru.yaml` is the default codebook. Edit the YAML
here; this file only makes the folder package data."""
