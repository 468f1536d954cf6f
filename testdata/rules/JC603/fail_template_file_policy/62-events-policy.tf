resource "aws_iam_role_policy" "events" {
  name = "run-${var.name}"
  role = aws_iam_role.events.id
  # expect(policies/events.json:12): JC603
  policy = "${data.template_file.events_policy.rendered}"
}

data "template_file" "events_policy" {
  template = "${file("${path.module}/policies/events.json")}"

  vars {
    task_definition = "${aws_ecs_task_definition.job.arn_without_revision}"
    execution_role  = "${aws_iam_role.execution.arn}"
  }
}
