"""Annotations in patient millimetres: the model, saving per study, and the samples' demos."""
