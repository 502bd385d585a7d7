"""The review screen: a worker accepts, rejects and adds themes to what children said."""
