from kiicode.cli import main

main()
