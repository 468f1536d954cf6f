# A customer-managed policy read from a file and attached to the task role.
resource "aws_iam_policy" "task" {
  name = "${var.name}-task"
  policy = file("${path.module}/policies/task.json")
}

resource "aws_iam_role_policy_attachment" "task" {
  role       = aws_iam_role.task.name
  policy_arn = aws_iam_policy.task.arn
}
