# A file that may hold a job is parsed even when it is broken: its parse error is reported.
resource "aws_scheduler_schedule" "nightly" {
  name                = "nightly-export"
  schedule_expression = "cron(0 3 * * ? *)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn = "arn:aws:ecs:us-east-1:123456789012:cluster/jobs"
    ecs_parameters {
      task_definition_arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/export"
    }
  # expect: JC001
