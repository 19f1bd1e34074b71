"""Question definitions, one module per lesson: ``lNN.py`` holds ``QUESTIONS``."""
