"""The support desk service (DESIGN §8): lines, appeals routed to free specialists or queued,
transfers, finish and rating. No Qt: it runs alone or inside the lab."""
