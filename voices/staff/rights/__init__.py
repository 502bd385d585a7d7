"""Data rights for a named child: find their responses, show everything held, erase them."""
