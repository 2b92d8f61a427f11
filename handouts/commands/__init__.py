"""Stage 7, commands: what each `handouts` command does, each a short function over the stages
below (load -> gate -> plan -> render -> write). cli.py only parses and prints."""
