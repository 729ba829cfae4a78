"""Trained model artifacts shipped as package data (weights.npz + card.json, no pickle)."""
