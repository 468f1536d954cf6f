# A reusable module: the caller names the job. The container logs to a group other than the
# one declared, but which group that is cannot be known here: a note, not an error.
variable "name" {
  type = string
}

locals {
  log_group = "/ecs/${var.name}"
}
