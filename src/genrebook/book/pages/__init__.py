"""Results builders of the chapters, one module per page (data, limitations, ...)."""
