"""Agreements (MoUs), pledge campaigns, programme enrolment and branch targets (later issues)."""
