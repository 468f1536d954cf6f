resource "aws_iam_role" "events" {
  name = "${var.name}-events"
  assume_role_policy = jsonencode({ # expect: JC610
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
