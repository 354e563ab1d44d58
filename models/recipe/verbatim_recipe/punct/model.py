"""The punctuation and truecasing tagger: word + suffix embeddings, a 2-layer bidirectional GRU, two heads."""

from __future__ import annotations

import torch
from torch import nn


class PunctTagger(nn.Module):
    """For each word of a window: logits of the mark after it (none , . ? !) and of its case (lower, Capital, UPPER,
    mixed). Inputs are word ids (0 padding, 1 unknown) and suffix buckets (0 padding), both (batch, words) int64."""

    def __init__(self, vocab: int, buckets: int, emb: int = 64, suffix: int = 16, hidden: int = 96, layers: int = 2,
                 marks: int = 5, cases: int = 4, dropout: float = 0.1) -> None:
        super().__init__()
        self.config = dict(vocab=vocab, buckets=buckets, emb=emb, suffix=suffix, hidden=hidden, layers=layers, marks=marks, cases=cases)
        self.word = nn.Embedding(vocab, emb, padding_idx=0)
        self.suffix = nn.Embedding(buckets, suffix, padding_idx=0)
        self.drop = nn.Dropout(dropout)
        self.gru = nn.GRU(emb + suffix, hidden, num_layers=layers, batch_first=True, bidirectional=True, dropout=dropout)
        self.mark = nn.Linear(2 * hidden, marks)
        self.case = nn.Linear(2 * hidden, cases)

    def forward(self, word_ids: torch.Tensor, suffix_ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x = torch.cat([self.word(word_ids), self.suffix(suffix_ids)], dim=-1)
        h, _ = self.gru(self.drop(x))
        h = self.drop(h)
        return self.mark(h), self.case(h)
