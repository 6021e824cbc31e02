"""Receipts for what the public sends: random Crockford base-32 symbols behind a prefix
("TH-XXXX-XXXX" for a comment, "R-XXXX-XXXX-XXXX" for a community request), read back as
people type them (lower case, O for 0, I or L for 1, without dashes)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

__all__ = ["CROCKFORD", "ReceiptFormat"]

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class ReceiptFormat:
    prefix: str
    symbols: int  # a multiple of 4: shown in groups of four

    def format(self, symbols: str) -> str:
        groups = [symbols[i : i + 4] for i in range(0, self.symbols, 4)]
        return "-".join([self.prefix, *groups])

    def new(self) -> str:
        """From the system's CSPRNG: 5 bits a symbol, so one receipt tells nothing of another."""
        return self.format("".join(secrets.choice(CROCKFORD) for _ in range(self.symbols)))

    def normalize(self, value: str) -> str:
        """The receipt someone typed, in its stored form; what cannot be one comes back as
        typed, upper-cased, and matches nothing."""
        cleaned = value.strip().upper().replace("O", "0").replace("I", "1").replace("L", "1")
        cleaned = "".join(ch for ch in cleaned if ch.isascii() and ch.isalnum())
        if len(cleaned) == len(self.prefix) + self.symbols and cleaned.startswith(self.prefix):
            cleaned = cleaned[len(self.prefix) :]
        if len(cleaned) != self.symbols:
            return value.strip().upper()
        return self.format(cleaned)
