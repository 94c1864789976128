"""One module per source document or format."""
