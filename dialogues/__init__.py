"""Dialogue conferences, questions and answers, the question bank and follow-up actions (later issues)."""
