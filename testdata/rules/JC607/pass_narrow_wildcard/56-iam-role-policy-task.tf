# Wildcards narrower than a service: reads of one bucket.
resource "aws_iam_role_policy" "task" {
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:Get*", "s3:List*"]
      Resource = ["arn:aws:s3:::billing-exports", "arn:aws:s3:::billing-exports/*"]
    }]
  })
}
