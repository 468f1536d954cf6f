# The modules are given names built from different unset variables: whether the job logs to
# the declared group cannot be known here (a note, not an error).
variable "env" {
  type = string
}

variable "team" {
  type = string
}

module "logs" {
  source = "./modules/logs"
  name   = "billing-${var.team}"
}

module "job" {
  source = "./modules/job"
  name   = "billing-${var.env}"
}
