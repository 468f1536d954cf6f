subnet_ids = local.subnets
name       = aws_ecs_cluster.jobs.name
