"""Exporters and importers: one module per format, same shape, registered in `registry`."""
