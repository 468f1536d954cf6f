variable "log_account_id" {
  description = "Account holding the central log groups"
  type        = string
}

resource "aws_iam_role_policy" "events" {
  name   = "run-${var.name}"
  role   = aws_iam_role.events.id
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "ecs:RunTask",
          "Resource": "${aws_ecs_task_definition.job.arn_without_revision}:*"
        },
        {
          "Effect": "Allow",
          "Action": "iam:PassRole",
          "Resource": ["${aws_iam_role.execution.arn}", "${aws_iam_role.task.arn}"]
        },
        {
          "Effect": "Allow",
          "Action": "logs:PutLogEvents",
          "Resource": "arn:aws:logs:us-east-1:${var.log_account_id}:log-group:/jobs/*"
        }
      ]
    }
  EOF
}
