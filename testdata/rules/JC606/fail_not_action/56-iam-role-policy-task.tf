# Everything but IAM is still almost everything.
resource "aws_iam_role_policy" "task" {
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = ["iam:*"] # expect: JC606
      Resource  = "*"
    }]
  })
}
