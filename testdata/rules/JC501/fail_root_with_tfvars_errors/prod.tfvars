subnet_ids = ["subnet-0f1e2d3c4b5a69788"]
