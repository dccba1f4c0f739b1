"""resoc completion SHELL: the one-line set-up of shell completion."""

from enum import StrEnum
from typing import Annotated

import typer


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


def completion(
    shell: Annotated[Shell, typer.Argument(help="bash, zsh, fish or powershell.")],
) -> None:
    """Print the completion script.

    \b
    Set-up, once:
    bash: echo 'eval "$(resoc completion bash)"' >> ~/.bashrc
    zsh: echo 'eval "$(resoc completion zsh)"' >> ~/.zshrc (after compinit)
    fish: resoc completion fish > ~/.config/fish/completions/resoc.fish
    PowerShell: resoc completion powershell >> $PROFILE

    \b
    Example: resoc completion bash"""
    import sys

    from resoc_cli.completion import SCRIPTS

    sys.stdout.write(SCRIPTS[shell.value])
