"""The domain core: codes, input models and pure rules. No I/O, no Typer, no rich, no SQL."""
