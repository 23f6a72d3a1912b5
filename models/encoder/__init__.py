"""The Dutch-capable sentence encoder: conversion of the bundled model, loading, batched embedding."""

from models.encoder.encoder import BUNDLED, Encoder, EncoderUnavailable, embed_texts

__all__ = ["BUNDLED", "Encoder", "EncoderUnavailable", "embed_texts"]
