"""The admin's "Data and retention" page: how long unfinished responses and names are kept."""
