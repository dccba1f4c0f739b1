from resoc_cli.quick import main

main()
