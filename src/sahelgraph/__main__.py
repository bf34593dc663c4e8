from sahelgraph.cli import main

main(prog_name="sahelgraph")
