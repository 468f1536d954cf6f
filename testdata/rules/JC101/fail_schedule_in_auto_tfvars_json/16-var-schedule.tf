variable "schedule" {
  description = "Set in schedule.auto.tfvars.json"
  type        = string
}
