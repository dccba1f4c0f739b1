from resoc_cli.main import main

main()
