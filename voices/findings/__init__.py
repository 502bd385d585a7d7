"""Findings: what children said, added up for the adults who must act on it, and told back.

- facts.py        keeps closed_answer_fact and theme_mention in step with answers and reviews
- disclosure.py   pure disclosure control: small counts hidden, secondary suppression, rounding
- queries.py      GROUP BY queries over the facts (respondents, themes, closed questions)
- charts.py       server-drawn SVG charts with a text summary
- actions/public  "you said, we did" and the child-friendly public results page
- exports         CSV, XLSX, JSON, the board report, REFI-QDA
"""
