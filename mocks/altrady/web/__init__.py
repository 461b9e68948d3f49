"""The Altrady mock's pages: server-rendered shells and the plain JS that drives them."""
