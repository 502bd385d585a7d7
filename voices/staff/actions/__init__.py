"""You said, we did: staff record what they will do about a finding."""
