from resoc_cli.cli import main

main()
