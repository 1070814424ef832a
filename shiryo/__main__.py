from shiryo.cli import main

main()
