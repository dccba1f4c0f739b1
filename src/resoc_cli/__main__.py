from resoc_cli.entry import main

main()
