"""Thin Typer command modules: parse, call the core and storage, render."""
