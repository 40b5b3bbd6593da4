"""The web layer: thin views over the comparison, presenters and formats."""
