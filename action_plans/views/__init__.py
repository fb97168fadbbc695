"""Views of action plans, one module per topic."""
