"""The admin page that retrains the theme coder from an organisation's reviewed codes."""
