variable "schedule" {
  type    = string
  default = "at(2027-03-01T09:00:00)"
}
