[
  {
    "name": "export",
    "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/billing:${tag}",
    "essential": true,
    "logConfiguration": {
      "logDriver": "awslogs",
      "options": {
        "awslogs-group": "${group}",
        "awslogs-region": "us-east-1",
        "awslogs-stream-prefix": "export"
      }
    }
  }
]
